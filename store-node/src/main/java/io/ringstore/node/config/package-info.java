/**
 * A node's configuration: {@link io.ringstore.node.config.ConfigField} names every field in its
 * three spellings (file key, {@code RINGSTORE_*} variable, flag), {@link
 * io.ringstore.node.config.NodeConfigLoader} merges file, environment and flags and validates them
 * into a {@link io.ringstore.node.config.NodeConfig}, refusing bad values with a {@link
 * io.ringstore.node.config.ConfigException} that names the field.
 */
package io.ringstore.node.config;
