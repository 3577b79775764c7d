package io.ringstore.core.storage.log;

/** Where one record lives: its segment, its offset in that segment and its size with header. */
record RecordPointer(long segmentId, long offset, int sizeBytes) {}
