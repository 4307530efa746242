/**
 * {@link io.weft.client.WeftClient}: the programmatic client of a Weft ResourceManager (Weft's YarnClient), with
 * {@link io.weft.client.AppSubmission} to build a submission and {@link io.weft.client.ApplicationFilter} to list
 * applications. Its records are in {@link io.weft.client.records} and {@link io.weft.client.admin}; protobuf stays
 * behind it.
 */
package io.weft.client;
