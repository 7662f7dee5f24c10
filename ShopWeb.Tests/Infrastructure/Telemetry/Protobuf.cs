namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// The protobuf wire format, as far as reading OTLP needs: a message is a list of fields, each a varint or a
/// length-delimited value (a nested message, a string or bytes). The OTLP .proto types are not served as a package,
/// and the few field numbers the tests read are spelled out where they are used.
/// </summary>
public static class Protobuf
{
    public readonly record struct Field(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);

        public string Hex => Convert.ToHexStringLower(Bytes.Span);
    }

    public static List<Field> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = Varint(span, ref at);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    fields.Add(new Field(number, Varint(span, ref at), ReadOnlyMemory<byte>.Empty));
                    break;
                case 1:
                    fields.Add(new Field(number, BitConverter.ToUInt64(span.Slice(at, 8)), message.Slice(at, 8)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref at);
                    fields.Add(new Field(number, 0, message.Slice(at, length)));
                    at += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BitConverter.ToUInt32(span.Slice(at, 4)), message.Slice(at, 4)));
                    at += 4;
                    break;
                default:
                    throw new FormatException($"Wire type {key & 7} is not one OTLP uses.");
            }
        }

        return fields;
    }

    /// <summary>The nested messages at a path of field numbers, e.g. (1, 2, 2): resource spans, scope spans, spans.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> At(ReadOnlyMemory<byte> message, params int[] path)
    {
        IEnumerable<ReadOnlyMemory<byte>> level = [message];
        foreach (var number in path)
        {
            level = level.SelectMany(m => Read(m).Where(f => f.Number == number).Select(f => f.Bytes)).ToList();
        }

        return level;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
