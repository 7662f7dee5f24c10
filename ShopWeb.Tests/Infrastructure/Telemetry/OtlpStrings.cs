namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// Every string an OTLP export body carries, each with the signal and the field it sits in: resource and scope
/// attributes, span names, attributes, events, links and status messages, metric names, descriptions, units and data
/// points' attributes (exemplars' too), log bodies, attributes and event names. Field numbers are OTLP's .proto ones.
/// </summary>
public static class OtlpStrings
{
    public readonly record struct Exported(string Signal, string Field, string Text);

    public static IEnumerable<Exported> Of(string path, ReadOnlyMemory<byte> body) => path switch
    {
        "/v1/traces" => Signal(body, "span", Span),
        "/v1/metrics" => Signal(body, "metric", Metric),
        "/v1/logs" => Signal(body, "log", Log),
        _ => [],
    };

    // Resource<Signal> (1): resource (1, attributes 1), scope <signal>s (2); each: scope (1: name 1, version 2,
    // attributes 3) and its items (2).
    private static IEnumerable<Exported> Signal(ReadOnlyMemory<byte> body, string signal, Func<ReadOnlyMemory<byte>, IEnumerable<Exported>> item)
    {
        foreach (var resource in Protobuf.At(body, 1))
        {
            foreach (var found in Protobuf.At(resource, 1).SelectMany(r => Attributes(signal, "resource", r, 1)))
            {
                yield return found;
            }

            foreach (var scoped in Protobuf.At(resource, 2))
            {
                foreach (var scope in Protobuf.At(scoped, 1))
                {
                    foreach (var found in Texts(signal, "scope name", scope, 1).Concat(Texts(signal, "scope version", scope, 2)).Concat(Attributes(signal, "scope", scope, 3)))
                    {
                        yield return found;
                    }
                }

                foreach (var found in Protobuf.At(scoped, 2).SelectMany(item))
                {
                    yield return found;
                }
            }
        }
    }

    // Span: trace state (3), name (5), attributes (9), events (11: name 2, attributes 3), links (13: trace state 3,
    // attributes 4), status (15: message 2).
    private static IEnumerable<Exported> Span(ReadOnlyMemory<byte> span)
    {
        var name = Protobuf.Read(span).FirstOrDefault(f => f.Number == 5).Text;
        var where = $"\"{name}\"";
        return Texts("span", "name", span, 5)
            .Concat(Texts("span", $"{where} trace state", span, 3))
            .Concat(Attributes("span", where, span, 9))
            .Concat(Protobuf.At(span, 11).SelectMany(e => Texts("span", $"{where} event name", e, 2).Concat(Attributes("span", $"{where} event", e, 3))))
            .Concat(Protobuf.At(span, 13).SelectMany(l => Texts("span", $"{where} link trace state", l, 3).Concat(Attributes("span", $"{where} link", l, 4))))
            .Concat(Protobuf.At(span, 15).SelectMany(s => Texts("span", $"{where} status message", s, 2)));
    }

    // Metric: name (1), description (2), unit (3), metadata (12), and its data: gauge (5), sum (7), histogram (9),
    // exponential histogram (10), summary (11), each with data points (1) whose attributes and exemplars (filtered
    // attributes 7) sit at numbers that differ by kind.
    private static readonly Dictionary<int, (int Attributes, int Exemplars)> DataPoints = new()
    {
        [5] = (7, 5), [7] = (7, 5), [9] = (9, 8), [10] = (1, 11), [11] = (7, 0),
    };

    private static IEnumerable<Exported> Metric(ReadOnlyMemory<byte> metric)
    {
        var name = Protobuf.Read(metric).FirstOrDefault(f => f.Number == 1).Text;
        var where = $"\"{name}\"";
        var found = Texts("metric", "name", metric, 1)
            .Concat(Texts("metric", $"{where} description", metric, 2))
            .Concat(Texts("metric", $"{where} unit", metric, 3))
            .Concat(Attributes("metric", $"{where} metadata", metric, 12));
        foreach (var (kind, (attributes, exemplars)) in DataPoints)
        {
            var points = Protobuf.At(metric, kind, 1);
            found = found
                .Concat(points.SelectMany(p => Attributes("metric", $"{where} label", p, attributes)))
                .Concat(exemplars == 0 ? [] : points.SelectMany(p => Protobuf.At(p, exemplars)).SelectMany(e => Attributes("metric", $"{where} exemplar", e, 7)));
        }

        return found;
    }

    // LogRecord: severity text (3), body (5, an AnyValue), attributes (6), event name (12).
    private static IEnumerable<Exported> Log(ReadOnlyMemory<byte> record) =>
        Texts("log", "severity text", record, 3)
            .Concat(Protobuf.At(record, 5).SelectMany(body => Values("log", "body", body)))
            .Concat(Attributes("log", "record", record, 6))
            .Concat(Texts("log", "event name", record, 12));

    private static IEnumerable<Exported> Texts(string signal, string field, ReadOnlyMemory<byte> message, int number) =>
        Protobuf.Read(message).Where(f => f.Number == number).Select(f => new Exported(signal, field, f.Text));

    // KeyValue: key (1), value (2, an AnyValue). The key is a string the shop chose too.
    private static IEnumerable<Exported> Attributes(string signal, string where, ReadOnlyMemory<byte> message, int number) =>
        Protobuf.At(message, number).SelectMany(pair =>
        {
            var key = Protobuf.Read(pair).FirstOrDefault(f => f.Number == 1).Text;
            return new[] { new Exported(signal, $"{where} attribute key", key) }
                .Concat(Protobuf.At(pair, 2).SelectMany(value => Values(signal, $"{where} attribute {key}", value)));
        });

    // AnyValue: string (1), array (5: values 1), key-value list (6: values 1), bytes (7); the others are numbers.
    private static IEnumerable<Exported> Values(string signal, string field, ReadOnlyMemory<byte> value) =>
        Protobuf.Read(value).SelectMany(f => f.Number switch
        {
            1 or 7 => [new Exported(signal, field, f.Text)],
            5 => Protobuf.At(f.Bytes, 1).SelectMany(item => Values(signal, field, item)),
            6 => Attributes(signal, field, f.Bytes, 1),
            _ => [],
        });
}
