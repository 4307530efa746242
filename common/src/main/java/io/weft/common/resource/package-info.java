/** Resource amounts (memory, vcores, named countables) and their arithmetic. */
package io.weft.common.resource;
