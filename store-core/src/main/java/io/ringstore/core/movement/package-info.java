/**
 * Range movements: a node joining the ring receives its ranges before it serves them, and a node
 * leaving hands its ranges to their next owners before it goes. {@link
 * io.ringstore.core.movement.RangeMovements} drives both from the status this node announces
 * through gossip; anti-entropy's range sync does the streaming.
 */
package io.ringstore.core.movement;
