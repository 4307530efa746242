package io.weft.am.launch;

/** A staged file the NM localizes into a container ({@code staging:<sha256>}, size, hex SHA-256). */
public record JarResource(String uri, long size, String sha256) {}
