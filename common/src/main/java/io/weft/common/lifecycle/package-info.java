/** The start/close contract of long-lived components and ordered shutdown. */
package io.weft.common.lifecycle;
