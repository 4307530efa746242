/** Secrets this node holds to check the grants it is shown (container-token master keys). */
package io.weft.nm.security;
