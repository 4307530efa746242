/** RM staging: content-addressed files on disk ({@code <dir>/<sha256>}) that clients upload and NMs fetch. */
package io.weft.rm.staging;
