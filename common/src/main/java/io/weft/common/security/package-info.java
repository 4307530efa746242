/** Master keys, HMAC-signed tokens and the headers that carry credentials. */
package io.weft.common.security;
