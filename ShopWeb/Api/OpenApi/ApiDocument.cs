using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShopWeb.Api.OpenApi;

/// <summary>
/// What the generated document cannot know: the API's name and servers, its tags, the OAuth 2.0 scheme of the
/// signed-in operations, and that anonymous operations need none.
/// </summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    public const string SecurityScheme = "oauth2";

    private static readonly Dictionary<string, string> Headers = new()
    {
        [IdempotentRequests.Header] = "A key of the app's own (such as a new UUID) for each new order, the same for a retry of it: at most 100 printable ASCII characters.",
        [V1.GuestCartKeys.SecretHeader] = "The secret the cart was created with.",
        [V1.OrderEndpoints.TokenHeader] = "The order's access token, as the checkout gave it.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ShopWeb API",
            Version = "v1",
            Description = "Everything a shopper does in the browser, for apps. Errors are RFC 9457 problem details with a stable type URI and a traceId. "
                + "Money is {\"amount\": \"12.90\", \"currency\": \"EUR\"}; times are RFC 3339 in UTC.",
        };

        // Relative: the document is the same wherever the shop runs (and equal to its committed copy).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The shop that serves this document" }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Catalog", Description = "Categories and products, for anyone; cached, with ETags." },
            new() { Name = "Carts", Description = "Guest carts, named by an id and a secret (the Cart-Secret header)." },
            new() { Name = "Checkout", Description = "Placing an order, with an Idempotency-Key." },
            new() { Name = "Orders", Description = "A guest's order, by its number and access token (the Order-Token header)." },
            new() { Name = "Me", Description = "The signed-in shopper's own profile, cart, checkout details and orders (a bearer access token)." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "OAuth 2.0 authorization code with PKCE (S256) through the shop's own sign-in pages; bearer access tokens.",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri("/connect/authorize", UriKind.Relative),
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    RefreshUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = new Dictionary<string, string>
                    {
                        ["openid"] = "The shopper's identity.",
                        ["offline_access"] = "A refresh token, to stay signed in.",
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Header && parameter.Name is { } name && Headers.TryGetValue(name, out var description))
            {
                var optional = name == IdempotentRequests.Header && metadata.OfType<IdempotentRequests.OptionalKey>().Any();
                var guestOnly = name == V1.GuestCartKeys.SecretHeader && metadata.OfType<Identity.Apps.ApiAuthorization.OptionalSignIn>().Any();
                parameter.Description = optional ? "Optional: a key of the app's own (such as a new UUID), the same for a retry, which then gets the first answer again. At most 100 printable ASCII characters."
                    : guestOnly ? "A guest's checkout: the secret the cart was created with. Signed in (a bearer token), leave it out."
                    : description;
                parameter.Required = !optional && !guestOnly;
            }
        }

        // A body the operation does not read (not JSON) is a 415 problem (ApiProblemResponses), before anything else.
        if (operation.RequestBody is not null && operation.Responses is { } responses && !responses.ContainsKey("415"))
        {
            responses["415"] = new OpenApiResponse
            {
                Description = "Unsupported Media Type",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.Document) },
                },
            };
        }

        var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = ["openid"] };
        operation.Security = signedIn ? [token]
            : metadata.OfType<Identity.Apps.ApiAuthorization.OptionalSignIn>().Any() ? [new OpenApiSecurityRequirement(), token] // anonymous, or with a token
            : [];
        return Task.CompletedTask;
    }

    /// <summary>Every problem of the API carries these (see <see cref="ApiProblemWriter"/>).</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) || context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "uri",
                Description = "What went wrong, as a stable URI under " + ApiProblems.Base + ": an app can act on it.",
            };
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id: quote it when reporting a problem." };
            schema.Required = new HashSet<string> { "type", "title", "status", "traceId" };
        }

        return Task.CompletedTask;
    }
}
