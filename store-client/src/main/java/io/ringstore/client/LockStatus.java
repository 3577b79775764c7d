package io.ringstore.client;

import java.time.Duration;

/**
 * A lock's record as a linearizable read found it.
 *
 * @param held whether a grant holds it (a holder whose lease ran out still shows as holding it
 *     until another acquisition takes it over)
 * @param owner the holding acquisition's identity; 0 if free
 * @param fencingToken the last grant's fencing token (the holder's, if held); 0 if never granted
 * @param lease the holder's lease; zero if free
 */
public record LockStatus(boolean held, long owner, long fencingToken, Duration lease) {}
