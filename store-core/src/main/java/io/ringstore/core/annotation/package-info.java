/**
 * Annotations the build reads. {@link io.ringstore.core.annotation.SuppressForbidden} exempts a
 * production edge class from the forbidden-API check that keeps time, sleeps and randomness
 * injected everywhere else.
 */
package io.ringstore.core.annotation;
