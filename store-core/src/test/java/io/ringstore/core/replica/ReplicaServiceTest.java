package io.ringstore.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.PeerRequest;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The replica side: storage answers, obsolete writes, and every storage failure as a typed error.
 */
class ReplicaServiceTest {
  private static final byte[] KEY = {4, 2};
  private static final NodeId NODE = NodeId.of("node-a");

  private final InMemoryStorageEngine storage =
      new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, new StorageLimits(16, 8));
  private final List<Runnable> storageQueue = new ArrayList<>();

  @Test
  void storesAVersionAndReadsItBack() {
    Versioned version = version(1, "v1");

    assertThat(serve(new ReplicaPutRequest(KEY, version))).isEqualTo(new ReplicaPutResponse(true));
    ReplicaGetResponse read = (ReplicaGetResponse) serve(new ReplicaGetRequest(KEY));

    assertThat(read.versions()).containsExactly(version);
  }

  @Test
  void anObsoleteWriteIsAnsweredAsNotApplied() {
    serve(new ReplicaPutRequest(KEY, version(2, "newer")));

    assertThat(serve(new ReplicaPutRequest(KEY, version(1, "older"))))
        .isEqualTo(new ReplicaPutResponse(false));
    assertThat(serve(new ReplicaPutRequest(KEY, version(2, "newer"))))
        .isEqualTo(new ReplicaPutResponse(false));
  }

  @Test
  void readsRunOnTheStorageExecutor() {
    ReplicaService service = new ReplicaService(storage, storageQueue::add);
    storage.put(KEY, version(1, "v"));
    List<Response> answers = new ArrayList<>();

    service.handle(new ReplicaGetRequest(KEY), answers::add);
    assertThat(answers).isEmpty();
    storageQueue.forEach(Runnable::run);

    assertThat(answers).hasSize(1).first().isInstanceOf(ReplicaGetResponse.class);
  }

  @Test
  void writesAppendOnTheCallingThreadWithoutTheStorageExecutor() {
    ReplicaService service = new ReplicaService(storage, storageQueue::add);
    List<Response> answers = new ArrayList<>();

    service.handle(new ReplicaPutRequest(KEY, version(1, "v")), answers::add);

    assertThat(answers).containsExactly(new ReplicaPutResponse(true));
    assertThat(storage.get(KEY)).hasSize(1);
    assertThat(storageQueue).isEmpty();
  }

  @Test
  void aPingIsAnsweredAtOnceWithoutTheStorageExecutor() {
    ReplicaService service = new ReplicaService(storage, storageQueue::add);
    List<Response> answers = new ArrayList<>();

    service.handle(new Ping(77), answers::add);

    assertThat(answers).containsExactly(new Pong(77));
    assertThat(storageQueue).isEmpty();
  }

  @Test
  void aValueOverTheStorageLimitIsABadRequest() {
    ErrorResponse error =
        (ErrorResponse) serve(new ReplicaPutRequest(KEY, version(1, "nine byte")));

    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("valueBytesMax");
  }

  @Test
  void aClosedEngineIsUnavailable() {
    storage.close();

    ErrorResponse read = (ErrorResponse) serve(new ReplicaGetRequest(KEY));
    ErrorResponse write = (ErrorResponse) serve(new ReplicaPutRequest(KEY, version(1, "v")));

    assertThat(read.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(write.code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void aFullDiskIsUnavailable() {
    StorageEngine full =
        failingOnPut(
            () ->
                new StorageFullException(
                    "disk full", new UncheckedIOException(new IOException("ENOSPC"))));

    ErrorResponse error = (ErrorResponse) serve(full, new ReplicaPutRequest(KEY, version(1, "v")));

    assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(error.message()).contains("disk full");
  }

  @Test
  void anUnexpectedExceptionIsAnInternalErrorAnsweredOnce() {
    StorageEngine buggy = failingOnPut(() -> new NullPointerException("bug"));
    List<Response> answers = new ArrayList<>();

    new ReplicaService(buggy, Runnable::run)
        .handle(new ReplicaPutRequest(KEY, version(1, "v")), answers::add);

    assertThat(answers).hasSize(1);
    assertThat(((ErrorResponse) answers.get(0)).code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(((ErrorResponse) answers.get(0)).message()).contains("NullPointerException");
  }

  @Test
  void aFullStorageQueueIsOverloaded() {
    ReplicaService service =
        new ReplicaService(
            storage,
            task -> {
              throw new RejectedExecutionException("queue full");
            });
    List<Response> answers = new ArrayList<>();

    service.handle(new ReplicaGetRequest(KEY), answers::add);

    assertThat(answers).hasSize(1);
    assertThat(((ErrorResponse) answers.get(0)).code()).isEqualTo(ErrorCode.OVERLOADED);
  }

  @Test
  void moreSiblingsThanTheWireCarriesAreCutToTheLatest() {
    InMemoryStorageEngine roomy =
        new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
    int stored = WireLimits.SIBLINGS_MAX + 3;
    for (int i = 0; i < stored; i++) {
      VectorClock clock = VectorClock.empty().increment(NodeId.of("n" + i), i, 8);
      roomy.put(KEY, Versioned.of(clock, i, new byte[] {(byte) i}));
    }

    ReplicaGetResponse read = (ReplicaGetResponse) serve(roomy, new ReplicaGetRequest(KEY));

    assertThat(read.versions()).hasSize(WireLimits.SIBLINGS_MAX);
    assertThat(read.versions()).allSatisfy(v -> assertThat(v.timestampMillis()).isGreaterThan(2));
  }

  private Response serve(PeerRequest request) {
    return serve(storage, request);
  }

  private static Response serve(StorageEngine engine, PeerRequest request) {
    List<Response> answers = new ArrayList<>();
    new ReplicaService(engine, Runnable::run).handle(request, answers::add);
    assertThat(answers).hasSize(1);
    return answers.get(0);
  }

  private static Versioned version(long counter, String value) {
    VectorClock clock = VectorClock.of(List.of(new VectorClock.Entry(NODE, counter, counter)));
    return Versioned.of(clock, counter, value.getBytes(StandardCharsets.UTF_8));
  }

  /** An engine whose every put throws what {@code failure} makes. */
  private static StorageEngine failingOnPut(Supplier<RuntimeException> failure) {
    return new StorageEngine() {
      @Override
      public List<Versioned> get(byte[] key) {
        return List.of();
      }

      @Override
      public PutOutcome put(byte[] key, Versioned version) {
        throw failure.get();
      }

      @Override
      public Iterator<KeyVersions> scan(TokenRange range) {
        return List.<KeyVersions>of().iterator();
      }

      @Override
      public void sync() {}

      @Override
      public void close() {}
    };
  }
}
