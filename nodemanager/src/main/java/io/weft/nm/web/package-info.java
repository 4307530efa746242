/**
 * The NodeManager's web app: the node page, YARN's {@code /ws/v1/node} API, container log pages
 * with byte ranges, and {@code /metrics}.
 */
package io.weft.nm.web;
