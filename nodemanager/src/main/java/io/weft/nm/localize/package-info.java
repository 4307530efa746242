/** Resource localization: fetching, caching, checking and placing a container's files before launch. */
package io.weft.nm.localize;
