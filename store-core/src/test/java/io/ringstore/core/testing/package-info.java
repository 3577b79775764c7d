/**
 * Test support shared through the store-core test-jar: {@link io.ringstore.core.testing.Seeds}
 * hands out logged, replayable seeds. The simulator and history checkers will live here too.
 */
package io.ringstore.core.testing;
