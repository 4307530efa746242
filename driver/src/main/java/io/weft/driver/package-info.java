/**
 * What a user's program links against: {@link io.weft.driver.WeftConf}, {@link io.weft.driver.WeftContext} and
 * {@link io.weft.driver.Dataset}. The context picks a scheduler backend from the master URL: in-JVM executor
 * threads for {@code local[N]}, or the cluster backend the ApplicationMaster installed for {@code weft}.
 */
package io.weft.driver;
