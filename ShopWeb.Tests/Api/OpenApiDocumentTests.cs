using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api;

/// <summary>The served OpenAPI document is the committed one (ShopWeb/Api/openapi-v1.json), and describes what apps need.</summary>
public sealed class OpenApiDocumentTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_served_document_is_the_committed_copy()
    {
        using var response = await factory.CreateApiClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(OpenApiContract.CommittedPath))!;
        if (!JsonNode.DeepEquals(served, committed))
        {
            var fresh = Path.Combine(Path.GetTempPath(), "shopweb-openapi-v1.json");
            await File.WriteAllTextAsync(fresh, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            Assert.Fail($"The served /openapi/v1.json differs from the committed {OpenApiContract.CommittedPath}. If the change is meant, "
                + $"refresh the copy with `cp {fresh} ShopWeb/Api/openapi-v1.json`, check it with `cd tools/openapi-lint && npm ci && npm run lint`, and commit it.");
        }
    }

    [Fact]
    public void Its_examples_match_their_schemas() => OpenApiContract.AssertExamplesMatch();

    [Fact]
    public void It_is_OpenAPI_3_1_with_the_OAuth_scheme_and_problem_responses_on_every_operation()
    {
        var document = JsonNode.Parse(File.ReadAllText(OpenApiContract.CommittedPath))!;
        Assert.StartsWith("3.1.", document["openapi"]!.GetValue<string>());
        var flow = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["authorizationCode"]!;
        Assert.Equal("/connect/authorize", flow["authorizationUrl"]!.GetValue<string>());
        Assert.Equal("/connect/token", flow["tokenUrl"]!.GetValue<string>());
        Assert.NotNull(flow["scopes"]!["offline_access"]);

        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (name, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "400", "429", "500" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{name} documents no problem for {status}");
            }

            Assert.NotNull(operation["operationId"]);
            Assert.NotNull(operation["summary"]);
            if (operation["requestBody"] is not null)
            {
                Assert.True(responses["415"]?["content"]?["application/problem+json"] is not null, $"{name} takes a body and documents no 415 for one that is not JSON");
            }
        }
    }

    [Fact]
    public void It_says_what_the_server_requires_and_takes()
    {
        var document = JsonNode.Parse(File.ReadAllText(OpenApiContract.CommittedPath))!;
        var schemas = document["components"]!["schemas"]!;
        var checkout = document["paths"]!["/api/v1/checkout"]!["post"]!;

        // A signed-in checkout sends no Cart-Secret; a body without an address is a 400.
        Assert.Null(checkout["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Cart-Secret")!["required"]);
        Assert.Contains("address", schemas["CheckoutRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("Left out: payOnDelivery", schemas["CheckoutRequest"]!["properties"]!["payment"]!["description"]!.GetValue<string>());
        foreach (var line in new[] { "AddCartLineRequest", "SetCartLineRequest" })
        {
            var quantity = schemas[line]!["properties"]!["quantity"]!;
            Assert.Equal((1, 99), (quantity["minimum"]!.GetValue<int>(), quantity["maximum"]!.GetValue<int>()));
        }
    }
}

/// <summary>The interactive reference (Scalar) is for developers: served in Development only.</summary>
public sealed class ApiReferenceTests(ApiReferenceTests.DevelopmentShop factory) : IClassFixture<ApiReferenceTests.DevelopmentShop>
{
    public sealed class DevelopmentShop : ShopFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }

    [Fact]
    public async Task Development_serves_Scalar_on_the_document_and_production_does_not()
    {
        using var response = await factory.CreateApiClient().GetAsync("/scalar/v1");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());

        using var production = new ShopFactory();
        using var none = await production.CreateApiClient().GetAsync("/scalar/v1");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, none.StatusCode);
    }
}
