package io.ringstore.core.storage;

import io.ringstore.core.version.Versioned;
import java.util.List;

/**
 * A key met by a {@link StorageEngine#scan}, with its token and current versions.
 *
 * <p><b>Pitfalls.</b> The key array is shared, not copied: read it, never change it.
 */
public record KeyVersions(byte[] key, long token, List<Versioned> versions) {}
