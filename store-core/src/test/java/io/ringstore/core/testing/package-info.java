/**
 * Test support shared through the store-core test-jar: {@link io.ringstore.core.testing.Seeds}
 * hands out logged, replayable seeds; {@link io.ringstore.core.testing.InMemoryNetwork} connects
 * nodes in one thread with seeded delivery order, fault rules and an event log, the seed of the
 * deterministic simulator. The simulator and history checkers will live here too.
 */
package io.ringstore.core.testing;
