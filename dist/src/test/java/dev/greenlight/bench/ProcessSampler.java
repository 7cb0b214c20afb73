package dev.greenlight.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's memory and threads from /proc once a second, and the machine's load average:
 * the peaks are what the benchmark reports.
 */
final class ProcessSampler implements AutoCloseable {
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final long pid;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-proc-sampler");
            t.setDaemon(true);
            return t;
          });
  private volatile long peakRssKb;
  private volatile long hwmKb;
  private volatile int peakThreads;
  private volatile long cpuTicks;
  private volatile double peakLoad;

  private ProcessSampler(long pid) {
    this.pid = pid;
  }

  static ProcessSampler start(long pid) {
    ProcessSampler s = new ProcessSampler(pid);
    s.timer.scheduleAtFixedRate(s::sample, 0, 1, TimeUnit.SECONDS);
    return s;
  }

  private synchronized void sample() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) peakRssKb = Math.max(peakRssKb, kb(line));
        else if (line.startsWith("VmHWM:")) hwmKb = Math.max(hwmKb, kb(line));
        else if (line.startsWith("Threads:"))
          peakThreads = Math.max(peakThreads, Integer.parseInt(line.substring(8).trim()));
      }
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name (which may hold spaces) start after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    } catch (IOException | RuntimeException e) {
      // the process ended: keep the last figures
    }
    peakLoad = Math.max(peakLoad, loadAverage());
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** The 1-minute load average now. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Peak resident set size in MB: the larger of the sampled VmRSS and the kernel's VmHWM. */
  synchronized double peakRssMb() {
    return Math.max(peakRssKb, hwmKb) / 1024.0;
  }

  synchronized int peakThreads() {
    return peakThreads;
  }

  synchronized double cpuSeconds() {
    return (double) cpuTicks / CLOCK_TICKS_PER_SECOND;
  }

  synchronized double peakLoad() {
    return peakLoad;
  }

  /** Takes a last sample and stops. */
  @Override
  public void close() {
    timer.shutdownNow();
    sample();
  }
}
