package io.ringstore.client.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.ProtocolError;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to one node, carrying many requests at once and matching each response to its
 * request by request id.
 *
 * <p><b>Design.</b> The problem: thousands of small requests a second to a handful of nodes, from
 * any number of caller threads, without a connection (and a round trip of waiting) per request and
 * without a system call per request. The solution, as in Finagle's and Cassandra's drivers: one
 * connection per node, a request id per request, and writes batched per event-loop turn.
 *
 * <ul>
 *   <li><b>Threads.</b> {@link #send} may be called from any thread. It bounds the request (an
 *       atomic in-flight count), puts it on a lock-free outbox and, if no drain is scheduled yet,
 *       schedules one on the channel's event loop. Everything else (request ids, the pending map,
 *       timeouts, the channel) belongs to that event loop alone, so it needs no locks, and every
 *       {@link ResponseHandler} callback runs there, never inside {@code send}.
 *   <li><b>Flush batching.</b> A drain writes every queued request without flushing and flushes
 *       once at the end: requests arriving within one event-loop turn share one flush, hence one
 *       system call, instead of one each.
 *   <li><b>States.</b> CONNECTING (requests queue in the outbox, where one timer armed for their
 *       earliest deadline fails those that expire before the connection opens), OPEN (drains write
 *       them, each with what is left of its timeout), CLOSED (every pending and queued request
 *       fails with the close cause, later sends fail at once). There is no way back from CLOSED:
 *       {@link ConnectionPool} opens a new connection.
 *   <li><b>Bounds.</b> At most {@link ConnectionSettings#inFlightMax()} requests queued or awaiting
 *       a response; one more fails fast with {@link InFlightLimitException}. Every request carries
 *       a timeout after which it fails with {@link ResponseTimeoutException} and its entry is
 *       freed; a late response is dropped.
 *   <li><b>One timer, not one per request.</b> Requests whose deadlines come in send order (the
 *       common case: one timeout per caller) wait in a deadline queue, and one timer is armed for
 *       its head's deadline; answered entries leave the queue lazily, from the head. When the timer
 *       fires it fails every expired entry and rearms for the new head. A request whose deadline is
 *       earlier than one already queued gets a timer of its own. Scheduling and cancelling a timer
 *       per request cost a task, a priority-queue insert and a removal on every request.
 *   <li><b>Request ids</b> count up from 1 per connection (0 means a one-way message on the wire).
 * </ul>
 *
 * <p><b>Pitfalls.</b> Callbacks run on the event loop: a handler must not block (no {@code
 * future.get()} on another request of the same client inside a callback). A failure says nothing
 * about whether the node applied the request.
 */
public final class MultiplexedConnection {
  /** Name of the TLS handler, first in the pipeline when the settings have an SSL context. */
  public static final String TLS = "tls";

  /** Name of the authentication handshake, before the router while it runs. */
  public static final String AUTH = "auth";

  /** Name of the last handler of the pipeline, which routes responses to pending requests. */
  public static final String RESPONSE_ROUTER = "responseRouter";

  private static final Logger LOG = LoggerFactory.getLogger(MultiplexedConnection.class);

  private enum State {
    CONNECTING,
    OPEN,
    CLOSED
  }

  /** A request not yet written, with the deadline its timeout set when it was sent. */
  private record Outgoing(
      Request request, long timeoutMillis, ResponseHandler handler, long deadlineNanos) {}

  private final Endpoint endpoint;
  private final EventLoop loop;
  private final int inFlightMax;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final CompletableFuture<TransportException> closed = new CompletableFuture<>();
  private final LongObjectHashMap<Pending> pending = new LongObjectHashMap<>();
  private final Clock clock = SystemClock.INSTANCE;
  private final ArrayDeque<Pending> deadlines = new ArrayDeque<>();
  private long deadlineQueuedMaxNanos = Long.MIN_VALUE;
  private ScheduledFuture<?> deadlineTimer;

  /** Earliest deadline of a request sent while connecting, or {@code Long.MAX_VALUE}. */
  private final AtomicLong connectingDeadlineNanos = new AtomicLong(Long.MAX_VALUE);

  private ScheduledFuture<?> connectingTimer;
  private long connectingTimerAtNanos = Long.MAX_VALUE;
  private volatile State state = State.CONNECTING;
  private volatile TransportException closeCause;
  private volatile boolean wasOpen;
  private long lastRequestId;
  private Channel channel;
  private Throwable lastError;

  private MultiplexedConnection(Endpoint endpoint, EventLoop loop, int inFlightMax) {
    this.endpoint = endpoint;
    this.loop = loop;
    this.inFlightMax = inFlightMax;
  }

  /**
   * Starts connecting to {@code endpoint} and returns at once; requests sent meanwhile wait in the
   * outbox until the connection opens, and fail if it does not.
   *
   * @param bootstrap the group, channel type and socket options; cloned, never changed
   */
  public static MultiplexedConnection connect(
      Bootstrap bootstrap, Endpoint endpoint, ConnectionSettings settings) {
    EventLoop loop = bootstrap.config().group().next();
    MultiplexedConnection connection =
        new MultiplexedConnection(endpoint, loop, settings.inFlightMax());
    ChannelFuture connecting =
        bootstrap
            .clone(loop)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
            .handler(connection.initializer(settings))
            .connect(endpoint.address());
    connecting.addListener((ChannelFutureListener) connection::onConnectDone);
    return connection;
  }

  /**
   * The pipeline: TLS first when configured, the frame handlers, the authentication handshake when
   * there are credentials, then the router of responses to pending requests.
   */
  private ChannelInitializer<Channel> initializer(ConnectionSettings settings) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        channel = ch;
        if (settings.ssl() != null) {
          ch.pipeline()
              .addLast(
                  TLS, settings.ssl().newHandler(ch.alloc(), endpoint.host(), endpoint.port()));
        }
        FramePipeline.install(ch.pipeline(), settings.frameLimits(), BadFrameHandler.Reply.NONE);
        if (settings.credentials() != null) {
          ch.pipeline()
              .addLast(AUTH, new AuthHandshake(settings.credentials(), endpoint.toString()));
        }
        ch.pipeline().addLast(RESPONSE_ROUTER, new ResponseRouter());
      }
    };
  }

  private void onConnectDone(ChannelFuture future) {
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      closeWith(
          new ConnectionFailedException(
              "could not connect to " + endpoint + ": " + cause.getMessage(), cause));
      return;
    }
    if (state == State.CONNECTING) {
      wasOpen = true;
      state = State.OPEN;
      drain();
    }
  }

  /**
   * Sends {@code request}; exactly one of the handler's methods is called later, on the event loop:
   * with the response, or with a {@link TransportException} (closed, overloaded, timed out) or an
   * {@link IllegalArgumentException} (the request does not fit in a frame).
   *
   * @param timeoutMillis how long to wait for the response, at least 1
   */
  public void send(Request request, long timeoutMillis, ResponseHandler handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeoutMillis is " + timeoutMillis + ", must be >= 1");
    }
    if (state == State.CLOSED) {
      failLater(handler, closeCause);
      return;
    }
    if (inFlight.incrementAndGet() > inFlightMax) {
      inFlight.decrementAndGet();
      failLater(handler, new InFlightLimitException(endpoint, inFlightMax));
      return;
    }
    long deadlineNanos = clock.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    outbox.add(new Outgoing(request, timeoutMillis, handler, deadlineNanos));
    if (state == State.CONNECTING) {
      connectingDeadlineNanos.accumulateAndGet(deadlineNanos, Math::min);
    }
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (!drainScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.execute(this::drain);
    } catch (RejectedExecutionException shutDown) {
      failOutbox(new ConnectionFailedException("the client's event loop is shut down", shutDown));
    }
  }

  private void drain() {
    drainScheduled.set(false);
    if (state == State.CLOSED) {
      failOutbox(closeCause);
    } else if (state == State.CONNECTING) {
      armConnectingTimer(connectingDeadlineNanos.get());
    } else {
      boolean wrote = false;
      for (Outgoing next = outbox.poll(); next != null; next = outbox.poll()) {
        write(next);
        wrote = true;
      }
      if (wrote) {
        channel.flush();
      }
    }
  }

  private void write(Outgoing outgoing) {
    long timeoutNanos = outgoing.deadlineNanos() - clock.monotonicNanos();
    if (timeoutNanos <= 0) {
      inFlight.decrementAndGet();
      notifyFailure(
          outgoing.handler(), new ResponseTimeoutException(endpoint, outgoing.timeoutMillis()));
      return;
    }
    long requestId = ++lastRequestId;
    Pending entry =
        new Pending(
            requestId, outgoing.handler(), outgoing.timeoutMillis(), outgoing.deadlineNanos());
    pending.put(requestId, entry);
    track(entry, timeoutNanos);
    ChannelPromise promise = channel.newPromise();
    promise.addListener(entry);
    channel.write(new Frame(FrameCodec.PROTOCOL_VERSION, requestId, outgoing.request()), promise);
  }

  /**
   * While connecting, requests wait in the outbox, where no deadline queue sees them: one timer,
   * armed for the earliest deadline among them, fails those whose time is up, so that a connect
   * that hangs (a host that drops packets) costs a request its own timeout, not the connect
   * timeout.
   */
  private void armConnectingTimer(long atNanos) {
    if (atNanos == Long.MAX_VALUE || atNanos >= connectingTimerAtNanos) {
      return;
    }
    if (connectingTimer != null) {
      connectingTimer.cancel(false);
    }
    connectingTimerAtNanos = atNanos;
    long delayNanos = Math.max(0, atNanos - clock.monotonicNanos());
    connectingTimer = loop.schedule(this::expireConnecting, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void expireConnecting() {
    connectingTimer = null;
    connectingTimerAtNanos = Long.MAX_VALUE;
    if (state != State.CONNECTING) {
      return;
    }
    connectingDeadlineNanos.set(Long.MAX_VALUE);
    long nowNanos = clock.monotonicNanos();
    long earliestNanos = Long.MAX_VALUE;
    List<Outgoing> expired = new ArrayList<>();
    for (Iterator<Outgoing> queued = outbox.iterator(); queued.hasNext(); ) {
      Outgoing outgoing = queued.next();
      if (outgoing.deadlineNanos() <= nowNanos) {
        queued.remove();
        inFlight.decrementAndGet();
        expired.add(outgoing);
      } else {
        earliestNanos = Math.min(earliestNanos, outgoing.deadlineNanos());
      }
    }
    long nextNanos = connectingDeadlineNanos.accumulateAndGet(earliestNanos, Math::min);
    armConnectingTimer(nextNanos);
    for (Outgoing outgoing : expired) {
      notifyFailure(
          outgoing.handler(), new ResponseTimeoutException(endpoint, outgoing.timeoutMillis()));
    }
  }

  /** Queues {@code entry}'s deadline, or gives it a timer of its own if it is out of order. */
  private void track(Pending entry, long timeoutNanos) {
    if (entry.deadlineNanos < deadlineQueuedMaxNanos) {
      entry.timeout = loop.schedule(entry, timeoutNanos, TimeUnit.NANOSECONDS);
      return;
    }
    deadlineQueuedMaxNanos = entry.deadlineNanos;
    deadlines.addLast(entry);
    if (deadlineTimer == null) {
      deadlineTimer = loop.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The deadline timer: fails every expired queued request and rearms for the next deadline. */
  private void expire() {
    deadlineTimer = null;
    long nowNanos = clock.monotonicNanos();
    List<Pending> expired = new ArrayList<>();
    for (Pending head = deadlines.peekFirst(); head != null; head = deadlines.peekFirst()) {
      if (!head.done && head.deadlineNanos > nowNanos) {
        deadlineTimer =
            loop.schedule(this::expire, head.deadlineNanos - nowNanos, TimeUnit.NANOSECONDS);
        break;
      }
      deadlines.pollFirst();
      if (!head.done) {
        expired.add(head);
      }
    }
    expired.forEach(Pending::run);
  }

  /** Drops answered entries from the head of the deadline queue, so it holds about what's open. */
  private void trimDeadlines() {
    for (Pending head = deadlines.peekFirst(); head != null && head.done; ) {
      deadlines.pollFirst();
      head = deadlines.peekFirst();
    }
  }

  /**
   * Marks {@code entry} answered or failed: cancels its own timer, if any, and trims the queue. An
   * answered entry behind an unanswered head stays queued until the head leaves, at most one
   * timeout later, so it lets go of its handler now.
   */
  private void settle(Pending entry) {
    entry.done = true;
    entry.handler = null;
    if (entry.timeout != null) {
      entry.timeout.cancel(false);
    }
    inFlight.decrementAndGet();
    trimDeadlines();
  }

  private void complete(long requestId, Response response) {
    Pending entry = pending.remove(requestId);
    if (entry == null) {
      LOG.debug(
          "dropping a response to request {} from {}: it already failed", requestId, endpoint);
      return;
    }
    ResponseHandler handler = entry.handler;
    settle(entry);
    try {
      handler.onResponse(response);
    } catch (RuntimeException e) {
      LOG.error("a response handler for a request to {} threw", endpoint, e);
    }
  }

  private void fail(Pending entry, Throwable cause) {
    if (pending.remove(entry.requestId) != entry) {
      return;
    }
    ResponseHandler handler = entry.handler;
    settle(entry);
    notifyFailure(handler, cause);
  }

  private void closeWith(TransportException cause) {
    if (state == State.CLOSED) {
      return;
    }
    closeCause = cause;
    state = State.CLOSED;
    List<Pending> failed = new ArrayList<>(pending.values());
    for (Pending entry : failed) {
      fail(entry, cause);
    }
    failOutbox(cause);
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
      deadlineTimer = null;
    }
    if (connectingTimer != null) {
      connectingTimer.cancel(false);
      connectingTimer = null;
    }
    deadlines.clear();
    if (channel != null) {
      channel.close();
    }
    closed.complete(cause);
  }

  private void failOutbox(Throwable cause) {
    for (Outgoing next = outbox.poll(); next != null; next = outbox.poll()) {
      inFlight.decrementAndGet();
      notifyFailure(next.handler(), cause);
    }
  }

  private void failLater(ResponseHandler handler, Throwable cause) {
    try {
      loop.execute(() -> notifyFailure(handler, cause));
    } catch (RejectedExecutionException shutDown) {
      notifyFailure(handler, cause);
    }
  }

  private void notifyFailure(ResponseHandler handler, Throwable cause) {
    try {
      handler.onFailure(cause);
    } catch (RuntimeException e) {
      LOG.error("a response handler for a request to {} threw", endpoint, e);
    }
  }

  /** Closes the connection; pending and queued requests fail. Returns at once. */
  public void close() {
    TransportException cause =
        new ConnectionFailedException(
            "the connection to " + endpoint + " was closed locally", null);
    try {
      loop.execute(() -> closeWith(cause));
    } catch (RejectedExecutionException alreadyShutDown) {
      LOG.debug("closing {} after its event loop shut down", endpoint);
    }
  }

  /** Completes, with the reason, once the connection is closed and every request has failed. */
  public CompletionStage<TransportException> closeFuture() {
    return closed;
  }

  /** Whether the connection is closed for good. */
  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /** Whether the connection ever opened (false if connecting failed). */
  public boolean wasOpen() {
    return wasOpen;
  }

  /** Requests queued or awaiting a response. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Where this connection goes. */
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return "MultiplexedConnection{" + endpoint + ", " + state + ", inFlight=" + inFlight + "}";
  }

  /**
   * A request awaiting its response; also its timeout task and its write listener. {@code timeout}
   * is its own timer, only if its deadline could not be queued.
   */
  private final class Pending implements Runnable, ChannelFutureListener {
    private final long requestId;
    private ResponseHandler handler;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private ScheduledFuture<?> timeout;
    private boolean done;

    Pending(long requestId, ResponseHandler handler, long timeoutMillis, long deadlineNanos) {
      this.requestId = requestId;
      this.handler = handler;
      this.timeoutMillis = timeoutMillis;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
      fail(this, new ResponseTimeoutException(endpoint, timeoutMillis));
    }

    @Override
    public void operationComplete(ChannelFuture future) {
      if (future.isSuccess()) {
        return;
      }
      Throwable cause = future.cause();
      if (cause instanceof IllegalArgumentException unencodable) {
        fail(this, unencodable);
      } else if (cause instanceof AuthenticationFailedException refused) {
        fail(this, refused);
      } else {
        fail(this, new ConnectionFailedException("could not send to " + endpoint, cause));
      }
    }
  }

  /** The last handler: hands each response to its pending request, and notices the close. */
  private final class ResponseRouter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Frame frame && frame.message() instanceof Response response) {
        complete(frame.requestId(), response);
        return;
      }
      ReferenceCountUtil.release(msg);
      LOG.warn("closing the connection to {}: it sent {}, not a response", endpoint, msg);
      lastError = new IllegalStateException(endpoint + " sent a message that is not a response");
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ProtocolError badFrame = ctx.channel().attr(BadFrameHandler.CLOSE_REASON).get();
      String reason =
          badFrame != null
              ? "; it sent a bad frame: " + badFrame
              : lastError instanceof AuthenticationFailedException
                      || lastError instanceof javax.net.ssl.SSLException
                      || lastError instanceof io.netty.handler.codec.DecoderException
                          && lastError.getCause() instanceof javax.net.ssl.SSLException
                  ? "; " + lastError.getMessage()
                  : "";
      closeWith(
          new ConnectionFailedException(
              "the connection to "
                  + endpoint
                  + " closed"
                  + reason
                  + "; requests in flight on it may or may not have been applied",
              lastError));
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("closing the connection to {} after an error", endpoint, cause);
      lastError = cause;
      ctx.close();
    }
  }
}
