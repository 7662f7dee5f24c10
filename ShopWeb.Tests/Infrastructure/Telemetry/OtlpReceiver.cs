using System.Collections.Concurrent;
using System.Net;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// An OTLP/HTTP collector on 127.0.0.1 (protobuf on <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>) that keeps
/// every request body it is sent, for a shop started with <see cref="Settings"/>. It answers each with an empty
/// export response (an empty protobuf message), which the exporter takes as success.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public OtlpReceiver()
    {
        Port = LoopbackPort.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Every body received, with the path it was posted to.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    /// <summary>The standard variables, as configuration keys, that point a shop's OTLP export here over HTTP/protobuf.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Port}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",

        // Batches leave every 200 ms instead of 5 s, metrics every 500 ms instead of a minute: a test waits for what it needs.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IEnumerable<byte[]> Bodies(string path) => Received.Where(r => r.Path == path).Select(r => r.Body);

    /// <summary>Every span received: resource spans (1), scope spans (2), spans (2).</summary>
    public List<Span> Spans() => Bodies("/v1/traces")
        .SelectMany(body => Protobuf.At(body, 1, 2))
        .SelectMany(scope => Protobuf.Read(scope).Where(f => f.Number == 2).Select(f => Span.Of(ScopeName(scope), f.Bytes)))
        .ToList();

    /// <summary>The names of every metric received: resource metrics (1), scope metrics (2), metrics (2), name (1).</summary>
    public HashSet<string> MetricNames() => Bodies("/v1/metrics")
        .SelectMany(body => Protobuf.At(body, 1, 2, 2))
        .Select(metric => Protobuf.Read(metric).First(f => f.Number == 1).Text)
        .ToHashSet();

    /// <summary>Every log record received: resource logs (1), scope logs (2), log records (2); trace id (9), span id (10).</summary>
    public List<(string TraceId, string SpanId)> LogRecords() => Bodies("/v1/logs")
        .SelectMany(body => Protobuf.At(body, 1, 2, 2))
        .Select(Protobuf.Read)
        .Select(fields => (fields.FirstOrDefault(f => f.Number == 9).Hex, fields.FirstOrDefault(f => f.Number == 10).Hex))
        .ToList();

    private static string ScopeName(ReadOnlyMemory<byte> scopeSpans) =>
        Protobuf.At(scopeSpans, 1).Select(scope => Protobuf.Read(scope).FirstOrDefault(f => f.Number == 1).Text).FirstOrDefault() ?? "";

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// One span: trace id (1), span id (2), parent span id (4), name (5), kind (6: 2 server, 3 client), attributes (9,
    /// each a KeyValue: key 1, AnyValue 2 holding a string 1 or an int 3).
    /// </summary>
    public sealed record Span(string Scope, string TraceId, string SpanId, string ParentId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
    {
        public static Span Of(string scope, ReadOnlyMemory<byte> span)
        {
            var fields = Protobuf.Read(span);
            string Hex(int n) => fields.FirstOrDefault(f => f.Number == n).Hex;
            var attributes = new Dictionary<string, string>();
            foreach (var pair in fields.Where(f => f.Number == 9).Select(f => Protobuf.Read(f.Bytes)))
            {
                var value = pair.Where(f => f.Number == 2).SelectMany(f => Protobuf.Read(f.Bytes)).FirstOrDefault();
                attributes[pair.First(k => k.Number == 1).Text] = value.Number == 3 ? value.Varint.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.Text;
            }

            return new Span(scope, Hex(1), Hex(2), Hex(4), fields.First(f => f.Number == 5).Text, (int)fields.FirstOrDefault(f => f.Number == 6).Varint, attributes);
        }

        public bool IsStore => Attributes.Keys.Any(k => k.StartsWith("db.", StringComparison.Ordinal));
    }
}
