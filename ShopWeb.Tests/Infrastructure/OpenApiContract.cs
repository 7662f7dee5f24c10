using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The committed OpenAPI document (ShopWeb/Api/openapi-v1.json) as a contract: a response must be one the document
/// lists for its operation, with the documented media type, and its body must match the documented schema exactly:
/// every required field, the types, and no field the document does not describe.
/// </summary>
public static class OpenApiContract
{
    public static string CommittedPath => Path.Combine(RepoPaths.Root, "ShopWeb", "Api", "openapi-v1.json");

    private static readonly Lazy<JsonObject> Document = new(() => JsonNode.Parse(File.ReadAllText(CommittedPath))!.AsObject());

    /// <summary>Checks the response against the operation (<paramref name="method"/> on the path template, such as /api/v1/carts/{id}) and returns its body.</summary>
    public static async Task<JsonElement> AssertMatchesAsync(HttpResponseMessage response, string method, string pathTemplate)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var operation = Document.Value["paths"]?[pathTemplate]?[method.ToLowerInvariant()]
            ?? throw new Xunit.Sdk.XunitException($"The OpenAPI document has no operation {method} {pathTemplate}.");
        var documented = operation["responses"]?[status]
            ?? throw new Xunit.Sdk.XunitException($"{method} {pathTemplate} answered {status}, which the OpenAPI document does not list for it.");
        var text = await response.Content.ReadAsStringAsync();
        if (documented["content"] is not JsonObject content)
        {
            Assert.True(text.Length == 0, $"{method} {pathTemplate} {status} is documented without a body, but sent: {text}");
            return default;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? throw new Xunit.Sdk.XunitException($"{method} {pathTemplate} {status} has no Content-Type.");
        var schemaNode = content[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {pathTemplate} {status} sent {mediaType}; the document lists {string.Join(", ", content.Select(c => c.Key))}.");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var results = SchemaOf(schemaNode).Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, $"{method} {pathTemplate} {status} does not match the OpenAPI document's schema:\n"
            + JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }) + "\nBody: " + text);
        return body;
    }

    /// <summary>Checks every example of the document's component schemas against its own schema (closed, as responses are checked).</summary>
    public static void AssertExamplesMatch()
    {
        var examples = Document.Value["components"]!["schemas"]!.AsObject()
            .SelectMany(s => (s.Value?["examples"] as JsonArray ?? []).Select(example => (Name: s.Key, Example: example!))).ToList();
        Assert.NotEmpty(examples);
        foreach (var (name, node) in examples)
        {
            var example = JsonDocument.Parse(node.ToJsonString()).RootElement;
            var results = SchemaOf(new JsonObject { ["$ref"] = "#/components/schemas/" + name }).Evaluate(example, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"The example of {name} does not match its schema:\n" + JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>The response's schema with the document's components as $defs, every object closed to fields it does not describe.</summary>
    private static JsonSchema SchemaOf(JsonNode schema)
    {
        var root = JsonNode.Parse(schema.ToJsonString())!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = JsonNode.Parse(Document.Value["components"]!["schemas"]!.ToJsonString());
        Close(root);
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, baseUri: new Uri($"https://shopweb.test/openapi/{Guid.NewGuid():N}"));
    }

    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject && obj["additionalProperties"] is null)
                {
                    obj["unevaluatedProperties"] = false;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Close(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Close(child);
                }

                break;
        }
    }

    public static bool IsProblem(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json";
}
