/**
 * Hinted handoff, the stand-in's half (DeCandia et al., SOSP 2007, section 4.6): a write a
 * coordinator could not deliver to one of its replicas is kept by another node as a hint and
 * replayed to the replica once it is back.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.hints.HintStore} keeps hints durably, one key per hint in a
 *       storage engine of their own, bounded per owner in bytes and in age.
 *   <li>{@link io.ringstore.core.hints.HintReplayer} replays them to owners that membership shows
 *       UP, a few in flight per owner, deleting each only once its owner acknowledged it.
 * </ul>
 *
 * <p>The coordinator's half (choosing stand-ins, counting their acknowledgements under a sloppy
 * quorum) is {@code io.ringstore.core.coordinator.HandoffTransport}; the stand-in stores a hint
 * when {@code ReplicaService} serves a {@code HintedPutRequest}.
 */
package io.ringstore.core.hints;
