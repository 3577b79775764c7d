package io.ringstore.core.simulation;

/**
 * The result of one simulated run.
 *
 * @param seed the seed that replays it
 * @param history what the clients saw
 * @param log every event, one line each
 * @param events how many events ran
 * @param simulatedNanos simulated time at the end of the run
 */
public record SimulationRun(
    long seed, History history, EventLog log, long events, long simulatedNanos) {}
