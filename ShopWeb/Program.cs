using ShopWeb.Admin;
using ShopWeb.Api;
using ShopWeb.Catalog;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Infrastructure;
using ShopWeb.Infrastructure.Telemetry;
using ShopWeb.Ordering;
using ShopWeb.Payments;
using ShopWeb.Privacy;
using ShopWeb.Identity;
using ShopWeb.Identity.Apps;
using ShopWeb.Scaling;

if (StoreCommands.Handles(args))
{
    return await StoreCommands.RunAsync(args); // backup FILE, restore FILE: no web host at all
}

if (ShopWeb.Catalog.Csv.CatalogCommands.Handles(args))
{
    return await ShopWeb.Catalog.Csv.CatalogCommands.RunAsync(args); // catalog export FILE, catalog import FILE [--apply]
}

if (ShopCommandLine.Answer(args) is { } exitCode)
{
    return exitCode; // help, or a word that is no command: the usage, and no shop started
}

if (StartupReport.CreateBuilder(args) is not { } builder)
{
    return 1; // a content root that is no folder
}

builder.AddShopOptions();
builder.AddShopTelemetry();
builder.AddShopData();
builder.AddShopSharedState();
builder.AddShopProxySupport();
builder.AddShopEmail();
builder.AddShopIdentity();
builder.AddShopApps();
builder.AddShopPrivacy();
builder.AddShopCatalog();
builder.AddShopOrdering();
builder.AddShopPayments();
builder.AddShopAdmin();
builder.AddShopWeb();
builder.AddShopApi();

if (!StartupReport.LogLevelsAreValid(builder.Configuration))
{
    return 1;
}

var app = builder.Build().StartTracing();

if (!StartupReport.ConfigurationIsValid(app.Services))
{
    return 1;
}

var store = StartupReport.StartStore(app); // migrated on the other core while the endpoints are built, then seeded
app.UseShopPipeline();
app.MapShopEndpoints();
app.MapPaymentWebhooks();
app.MapShopApi();
if (!await store.Prepared)
{
    return 1;
}

if (!await StartupReport.RunAsync(app)) // its start completes once the store is seeded (StoreReadiness); a seeding that fails stops it
{
    return 1; // an address in --urls that is taken or malformed
}

return await store.Ready ? 0 : 1;

/// <summary>The entry point, visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
