/** Typed configuration: keys declared once with default, rule and description; immutable values. */
package io.weft.common.config;
