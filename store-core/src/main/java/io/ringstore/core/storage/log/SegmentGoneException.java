package io.ringstore.core.storage.log;

/**
 * A record's segment was deleted by compaction after the reader took its pointer from the index;
 * the reader looks the key up again and finds the record's new place.
 */
final class SegmentGoneException extends Exception {
  private static final long serialVersionUID = 1L;

  SegmentGoneException(long segmentId) {
    super("segment " + segmentId + " was compacted away", null, false, false);
  }
}
