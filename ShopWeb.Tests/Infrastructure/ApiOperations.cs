using System.Text.Json.Nodes;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A parameter of an API operation: where it goes (path, query or header) and its name.</summary>
public sealed record ApiParameter(string In, string Name);

/// <summary>
/// One operation of the committed OpenAPI document: its parameters, and the schema of its JSON body with every field
/// of it, nested ones by their path (<c>address.postalCode</c>).
/// </summary>
public sealed record ApiOperation(string Method, string Template, bool AnonymousAllowed, IReadOnlyList<ApiParameter> Parameters, string? BodySchema, IReadOnlyList<string> BodyFields)
{
    public override string ToString() => $"{Method} {Template}";

    /// <summary>Every operation under /api/v1, in the document's order.</summary>
    public static IReadOnlyList<ApiOperation> All()
    {
        var document = JsonNode.Parse(File.ReadAllText(OpenApiContract.CommittedPath))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        return (
            from path in document["paths"]!.AsObject()
            where path.Key.StartsWith("/api/v1/", StringComparison.Ordinal) || path.Key == "/api/v1"
            from operation in path.Value!.AsObject()
            let body = BodySchemaOf(operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"])
            select new ApiOperation(
                operation.Key.ToUpperInvariant(),
                path.Key,
                // No requirement (none listed, or an empty list), or an empty one among those listed: open to an app without a token.
                operation.Value!["security"] is not JsonArray security || security.Count == 0 || security.Any(s => s!.AsObject().Count == 0),
                (operation.Value!["parameters"]?.AsArray() ?? []).Select(p => new ApiParameter(p!["in"]!.GetValue<string>(), p["name"]!.GetValue<string>())).ToList(),
                body,
                body is null ? [] : Fields(schemas, body, "").ToList())).ToList();
    }

    /// <summary>The component a body refers to, directly or as the one choice besides null.</summary>
    private static string? BodySchemaOf(JsonNode? schema) =>
        (schema?["$ref"] ?? schema?["oneOf"]?.AsArray().Select(s => s!["$ref"]).FirstOrDefault(r => r is not null))?.GetValue<string>().Split('/')[^1];

    private static IEnumerable<string> Fields(JsonObject schemas, string schema, string prefix)
    {
        foreach (var (name, property) in schemas[schema]!["properties"]?.AsObject() ?? [])
        {
            yield return prefix + name;
            if (BodySchemaOf(property) is { } nested && schemas[nested]!["properties"] is not null)
            {
                foreach (var field in Fields(schemas, nested, prefix + name + "."))
                {
                    yield return field;
                }
            }
        }
    }
}
