package io.ringstore.core.storage.log;

/** Bytes on disk that are not a valid record or hint: a bad checksum, length or field. */
final class CorruptRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptRecordException(String message) {
    super(message);
  }
}
