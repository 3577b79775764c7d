package io.ringstore.node.admin;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ringstore.core.ring.Ring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin endpoint: a small HTTP server (Netty's HTTP codec) on its own port, loopback
 * unless configured, served by one event loop of its own so that a slow scraper never touches the
 * request path.
 *
 * <pre>
 *   GET /metrics   every metric of the node and of its JVM, in Prometheus's text format,
 *                  written by Prometheus's own Dropwizard bridge and exposition writer
 *   GET /health    200 when the node serves, 503 while it recovers or joins; JSON body
 *   GET /ring      the ring as this node sees it, JSON ({@link RingDescription})
 * </pre>
 *
 * Metric names become Prometheus names with labels: {@code ringstore.requests.get.quorum} is {@code
 * ringstore_requests{type="get",consistency="quorum"}}, a summary in seconds. Requests are limited
 * to {@link #REQUEST_BYTES_MAX}; anything but GET and HEAD is answered 405.
 */
public final class AdminServer implements AutoCloseable {
  /** The largest request accepted (headers and body); an admin GET needs far less. */
  static final int REQUEST_BYTES_MAX = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventLoopGroup loop;
  private final Channel serverChannel;

  private AdminServer(EventLoopGroup loop, Channel serverChannel) {
    this.loop = loop;
    this.serverChannel = serverChannel;
  }

  /**
   * Starts serving on {@code host:port} (0 picks a free port, see {@link #port()}).
   *
   * @throws UncheckedIOException if the address cannot be bound, naming it and the setting
   */
  public static AdminServer start(
      String host,
      int port,
      MetricRegistry metrics,
      Supplier<NodeHealth> health,
      Supplier<Ring> ring) {
    Routes routes = new Routes(prometheusOf(metrics), health, ring);
    EventLoopGroup loop =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("ringstore-admin", true), NioIoHandler.newFactory());
    ChannelFuture bound =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(REQUEST_BYTES_MAX))
                        .addLast(routes);
                  }
                })
            .bind(host, port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new UncheckedIOException(
          new BindException(
              "could not start the admin endpoint on "
                  + host
                  + ":"
                  + port
                  + " ("
                  + bound.cause().getMessage()
                  + "); choose another port with admin-port / RINGSTORE_ADMIN_PORT"));
    }
    AdminServer admin = new AdminServer(loop, bound.channel());
    LOG.info("admin endpoint on {} (/metrics, /health, /ring)", admin.url());
    return admin;
  }

  private static PrometheusRegistry prometheusOf(MetricRegistry metrics) {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    prometheus.register(
        new LabelledDropwizardCollector(metrics, new CustomLabelMapper(labelMappings())));
    JvmMetrics.builder().register(prometheus);
    return prometheus;
  }

  /** How dotted Dropwizard names become Prometheus names with labels. */
  private static List<MapperConfig> labelMappings() {
    return List.of(
        new MapperConfig(
            "ringstore.requests.*.*",
            "ringstore_requests",
            Map.of("type", "${0}", "consistency", "${1}")),
        new MapperConfig(
            "ringstore.requests_failed.*.*",
            "ringstore_requests_failed",
            Map.of("type", "${0}", "reason", "${1}")),
        new MapperConfig(
            "ringstore.peer_requests.*.*",
            "ringstore_peer_requests",
            Map.of("type", "${0}", "consistency", "${1}")),
        new MapperConfig(
            "ringstore.peer_requests_failed.*.*",
            "ringstore_peer_requests_failed",
            Map.of("type", "${0}", "reason", "${1}")),
        new MapperConfig("ringstore.peers.*", "ringstore_peers", Map.of("state", "${0}")),
        new MapperConfig("ringstore.refused.*", "ringstore_refused", Map.of("reason", "${0}")));
  }

  /** An answer: status, content type and body. */
  private record Answer(HttpResponseStatus status, String contentType, byte[] body) {
    static Answer json(HttpResponseStatus status, Object value) {
      try {
        return new Answer(status, "application/json", JSON.writeValueAsBytes(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write " + value + " as JSON", e);
      }
    }

    static Answer text(HttpResponseStatus status, String text) {
      return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Answers each request by its path; keeps no per-connection state. */
  @ChannelHandler.Sharable
  private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final PrometheusRegistry prometheus;
    private final PrometheusTextFormatWriter exposition = PrometheusTextFormatWriter.create();
    private final Supplier<NodeHealth> health;
    private final Supplier<Ring> ring;

    Routes(PrometheusRegistry prometheus, Supplier<NodeHealth> health, Supplier<Ring> ring) {
      this.prometheus = prometheus;
      this.health = health;
      this.ring = ring;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Answer answer;
      try {
        answer = answer(request);
      } catch (RuntimeException | IOException e) {
        LOG.warn("the admin endpoint failed on {}", request.uri(), e);
        answer =
            Answer.text(
                HttpResponseStatus.INTERNAL_SERVER_ERROR, "the node failed to answer: " + e + "\n");
      }
      write(ctx, request, answer);
    }

    private Answer answer(FullHttpRequest request) throws IOException {
      if (!request.decoderResult().isSuccess()) {
        return Answer.text(HttpResponseStatus.BAD_REQUEST, "not an HTTP request this serves\n");
      }
      if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
        return Answer.text(
            HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are served here\n");
      }
      String path = new QueryStringDecoder(request.uri()).path();
      return switch (path) {
        case "/metrics" -> metrics();
        case "/health" -> health();
        case "/ring" -> ring();
        default ->
            Answer.text(
                HttpResponseStatus.NOT_FOUND,
                "no " + path + " here: try /metrics, /health or /ring\n");
      };
    }

    private Answer metrics() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      exposition.write(out, prometheus.scrape());
      return new Answer(HttpResponseStatus.OK, exposition.getContentType(), out.toByteArray());
    }

    private Answer health() {
      NodeHealth now = health.get();
      return Answer.json(
          now.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, now);
    }

    private Answer ring() {
      Ring current = ring.get();
      if (current == null) {
        return Answer.json(HttpResponseStatus.SERVICE_UNAVAILABLE, health.get());
      }
      return Answer.json(HttpResponseStatus.OK, RingDescription.of(current, null));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, Answer answer) {
      boolean head = request.method().equals(HttpMethod.HEAD);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              answer.status(),
              head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
      if (answer.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
      if (keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("closing an admin connection from {}: {}", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }

  /** The port the endpoint listens on. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The endpoint's base URL, e.g. {@code http://127.0.0.1:8000/}. */
  public String url() {
    InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
    return "http://" + address.getHostString() + ":" + address.getPort() + "/";
  }

  /** Stops listening, closes the open admin connections and stops the endpoint's thread. */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
