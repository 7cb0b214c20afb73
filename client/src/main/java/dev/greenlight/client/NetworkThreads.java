package dev.greenlight.client;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The network threads of one connection, which end when it closes. gRPC's shared event loop
 * outlives every channel by a second, its threads waiting inside native code; a JVM that exits then
 * waits about 0.3 s for them (HotSpot's wait for threads in native), on every CLI command.
 */
final class NetworkThreads {
  private final EventLoopGroup group;

  NetworkThreads() {
    group =
        new NioEventLoopGroup(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("greenlight-grpc", true));
  }

  /** {@code options} with a channel that runs on these threads (and what it initialised before). */
  WorkflowServiceStubsOptions apply(WorkflowServiceStubsOptions options) {
    Consumer<ManagedChannelBuilder<?>> before = options.getChannelInitializer();
    return WorkflowServiceStubsOptions.newBuilder(options)
        .setChannelInitializer(
            builder -> {
              if (before != null) before.accept(builder);
              if (builder instanceof NettyChannelBuilder netty) {
                netty.eventLoopGroup(group).channelType(NioSocketChannel.class);
              }
            })
        .build();
  }

  /** Ends the threads; the channel must be shut down first. */
  void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
