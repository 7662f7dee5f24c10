using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShopWeb.Api.OpenApi;

/// <summary>
/// Query parameters bound as text (so that a bad value is a 400 naming it, not a failed binding) are described
/// with their real types and bounds.
/// </summary>
internal static class QueryParameters
{
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Describe(
        Dictionary<string, (string Type, string Description, int? Minimum, int? Maximum)> parameters) => (operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter concrete && concrete.Name is { } name && parameters.TryGetValue(name, out var described))
                {
                    concrete.Description = described.Description;
                    concrete.Schema = new OpenApiSchema
                    {
                        Type = described.Type == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String,
                        Format = described.Type == "integer" ? "int32" : null,
                        Minimum = described.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Maximum = described.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                }
            }

            return Task.CompletedTask;
        };
}
