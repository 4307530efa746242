/** The NodeManager's shuffle service as an auxiliary service: its server and its part in applications' lives. */
package io.weft.shuffle.service;
