/**
 * Who calls the ResourceManager ({@code weft.security.authentication}): the user a gRPC call or a web
 * request is made as, proven by a TLS client certificate or a bearer token the RM issued, or claimed
 * (simple); the users' tokens; the admin ACL.
 */
package io.weft.rm.auth;
