/**
 * The NodeManager's auxiliary services (YARN's pattern): long-lived services an operator names in
 * {@code weft.nodemanager.aux-services}, loaded by class name, told of each application's start (with
 * the service data its containers carry) and end, e.g. the shuffle service of the {@code shuffle} module.
 */
package io.weft.common.auxservice;
