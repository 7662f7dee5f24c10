using System.Text;
using System.Text.Json.Nodes;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A request to one API operation, every part valid until the fuzzer puts a nasty value in one of them.</summary>
public sealed class ApiRequest(ApiOperation operation, PageAddress address)
{
    public ApiOperation Operation => operation;
    public PageAddress Address => address;
    public string Url { get; set; } = address.Url();
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public JsonObject? Json { get; init; }

    /// <summary>The exact body sent; by default <see cref="Json"/>.</summary>
    public byte[]? Body { get; set; }

    public string? ContentType { get; set; } = "application/json";

    public HttpRequestMessage Message()
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url, UriKind.Relative));
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if ((Body ?? (Json is null ? null : Encoding.UTF8.GetBytes(Json.ToJsonString()))) is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return request;
    }
}

/// <summary>
/// The API fuzz test's requests to one operation of the OpenAPI document: the valid request, then each path parameter,
/// query parameter, header it documents (Cart-Secret, Order-Token, Idempotency-Key, If-Match) and field of the JSON body in turn with every nasty value (and, for the body, every wrong
/// JSON type and shape), the whole body broken, and the body sent as other content types. One part wrong per request,
/// so a failure names its part.
/// </summary>
public static class ApiFuzzer
{
    public const string Valid = "(valid)";

    // Put in the field being fuzzed, then replaced by the nasty JSON in the serialized body.
    private const string Marker = "fuzzmarker7f3a9c";

    private static readonly NastyValue LeftOut = new("(left out)", []);

    public static IEnumerable<FuzzInput> Inputs(ApiFuzzActor actor, ApiOperation operation)
    {
        FuzzInput Input(string field, NastyValue value, Action<ApiRequest> change) =>
            new(actor.App, actor.Name, operation.ToString(), field, value, async () =>
            {
                var request = await actor.ValidRequestAsync(operation);
                change(request);
                return request.Message();
            });

        yield return Input(Valid, new NastyValue(Valid, []), _ => { });

        // Kestrel refuses a NUL in a path, and CR, LF or NUL in a header, with a 400 of its own: those never reach the app.
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var value in NastyValues.InAddress.Where(v => !v.Bytes.Contains((byte)0)))
            {
                yield return Input("{" + parameter.Name + "}", value, r => r.Url = r.Address.Path(parameter.Name, value.Percent()));
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var value in NastyValues.InAddress)
            {
                yield return Input("?" + parameter.Name, value, r => r.Url = r.Address.Url(parameter.Name, value.Percent()));
            }
        }

        foreach (var header in operation.Parameters.Where(p => p.In == "header").Select(p => p.Name))
        {
            yield return Input(header, LeftOut, r => r.Headers.Remove(header));
            foreach (var value in NastyValues.InAddress.Where(v => !v.Bytes.Any(b => b is 0 or (byte)'\r' or (byte)'\n')))
            {
                yield return Input(header, value, r => r.Headers[header] = Encoding.Latin1.GetString(value.Bytes));
            }
        }

        if (operation.BodySchema is null)
        {
            // A body where none is read: ignored, whatever its type.
            yield return Input("body", new NastyValue("a JSON object", "{\"a\":1}"u8.ToArray()), r => r.Body = "{\"a\":1}"u8.ToArray());
            yield return Input("body", new NastyValue("a form", "slug=x&q=y"u8.ToArray()), r => (r.Body, r.ContentType) = ("slug=x&q=y"u8.ToArray(), "application/x-www-form-urlencoded"));
            yield break;
        }

        // Without a token, an operation that needs one refuses the request before it reads the body: each field would
        // get the same 401. The whole-body and content-type inputs below still go.
        foreach (var field in actor.SignedIn || operation.AnonymousAllowed ? operation.BodyFields : [])
        {
            yield return Input("body " + field, LeftOut, r => r.Body = WithField(r.Json!, field, null));
            foreach (var value in NastyValues.InForm)
            {
                yield return Input("body " + field, value, r => r.Body = WithField(r.Json!, field, NastyJson.String(value)));
            }

            foreach (var value in NastyJson.InField)
            {
                yield return Input("body " + field, value, r => r.Body = WithField(r.Json!, field, value.Bytes));
            }
        }

        foreach (var value in NastyJson.Bodies)
        {
            yield return Input("body", value, r => r.Body = value.Bytes);
        }

        foreach (var type in NastyJson.ContentTypes)
        {
            yield return Input("Content-Type", new NastyValue(type ?? "(none)", Encoding.UTF8.GetBytes(type ?? "")), r => r.ContentType = type);
        }
    }

    /// <summary>The valid body with the field at <paramref name="path"/> (a.b) set to the exact JSON <paramref name="json"/>, or left out when null.</summary>
    private static byte[] WithField(JsonObject valid, string path, byte[]? json)
    {
        var body = valid.DeepClone().AsObject();
        var names = path.Split('.');
        var parent = body;
        foreach (var name in names[..^1])
        {
            parent = parent[name] as JsonObject ?? (JsonObject)(parent[name] = new JsonObject());
        }

        if (json is null)
        {
            parent.Remove(names[^1]);
            return Encoding.UTF8.GetBytes(body.ToJsonString());
        }

        parent[names[^1]] = Marker;
        var text = Encoding.UTF8.GetBytes(body.ToJsonString());
        var marker = Encoding.UTF8.GetBytes($"\"{Marker}\"");
        var at = text.AsSpan().IndexOf(marker);
        return [.. text.AsSpan(0, at), .. json, .. text.AsSpan(at + marker.Length)];
    }
}
