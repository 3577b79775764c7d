package io.ringstore.core.hints;

/**
 * A broken {@link HintReplayer.Deletion} for bite proofs: deletes each hint as it is sent, before
 * its owner acknowledged it, so a lost replay request loses the write.
 */
public final class DeleteOnSend implements HintReplayer.Deletion {
  @Override
  public void sent(HintStore store, HintStore.Hint hint) {
    store.delivered(hint);
  }

  @Override
  public void acknowledged(HintStore store, HintStore.Hint hint) {}
}
