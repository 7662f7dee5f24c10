using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Api.V1;

/// <summary>
/// The address book of /account/addresses, through <see cref="SavedDetails"/>. Each address has a strong ETag (a hash
/// of what it says), and a change or deletion names the version it was made against in If-Match, so an app never
/// overwrites an edit made meanwhile in the browser or on another device.
/// </summary>
internal static class MyAddressesEndpoints
{
    private const string Path = "/addresses/{id:int}";

    public static void MapMyAddresses(this RouteGroupBuilder me)
    {
        me.MapGet("/addresses", ListAsync).WithName("GetMyAddresses").WithSummary("The address book, the default first");
        me.MapPost("/addresses", AddAsync).WithName("AddMyAddress").WithSummary("Add an address")
            .WithDescription("Only while \"Save my shipping addresses\" is on, and while the book holds fewer than 20 addresses; otherwise a 409. The first address becomes the default.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).AddOpenApiOperationTransformer(Tagged("201"));
        me.MapGet(Path, GetAsync).WithName("GetMyAddress").WithSummary("One address, with its ETag")
            .ProducesProblem(StatusCodes.Status404NotFound).AddOpenApiOperationTransformer(Tagged("200"));
        me.MapPut(Path, UpdateAsync).WithName("UpdateMyAddress").WithSummary("Change an address")
            .WithDescription("Needs If-Match with the address's ETag: without it a 428, with an old one a 412 (read it again).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .AddOpenApiOperationTransformer(Tagged("200", ifMatch: true));
        me.MapDelete(Path, DeleteAsync).WithName("DeleteMyAddress").WithSummary("Delete an address")
            .WithDescription("Needs If-Match with the address's ETag: without it a 428, with an old one a 412. The oldest other address becomes the default.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .AddOpenApiOperationTransformer(Tagged(null, ifMatch: true));
    }

    /// <summary>The ETag the answer carries and the If-Match a change needs, which no parameter of the handler shows.</summary>
    private static Func<OpenApiOperation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext, CancellationToken, Task> Tagged(string? status, bool ifMatch = false) =>
        (operation, _, _) =>
        {
            if (status is not null && operation.Responses?[status] is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The address's strong ETag: send it in If-Match to change or delete this version.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            if (ifMatch)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match",
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "The ETag of the address as last read. Missing: 428; not the current one: 412.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        };

    private static async Task<Results<Ok<List<SavedAddressResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await MyDetailsEndpoints.ShopperAsync(context, users) is not { } user)
        {
            return Identity.Apps.ApiAuthorization.NotSignedIn();
        }

        return TypedResults.Ok((await details.AddressesOfAsync(user.Id, cancellationToken)).Select(SavedAddressResponse.From).ToList());
    }

    private static async Task<Results<Created<SavedAddressResponse>, ValidationProblem, ProblemHttpResult>> AddAsync(
        HttpContext context, [FromBody] SaveAddressRequest? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await MyDetailsEndpoints.ShopperAsync(context, users) is not { } user)
        {
            return Identity.Apps.ApiAuthorization.NotSignedIn();
        }

        if (Invalid(request, context) is { } invalid)
        {
            return invalid;
        }

        if (await details.AddAddressAsync(user, request!, request!.MakeDefault, cancellationToken) is not { } address)
        {
            return user.SaveShippingAddresses
                ? ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.AddressBookFull, "The address book is full", SavedDetails.FullMessage)
                : ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.AddressesNotSaved, "Addresses are not saved",
                    "Nothing was saved: \"Save my shipping addresses\" is off. Turn it on (PUT /api/v1/me/choices/shipping-addresses) to keep addresses.");
        }

        var body = SavedAddressResponse.From(address);
        StrongETag.Tag(context, body);
        return TypedResults.Created($"{ApiPaths.V1}/me/addresses/{address.Id}", body);
    }

    private static async Task<Results<Ok<SavedAddressResponse>, ProblemHttpResult>> GetAsync(
        int id, HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        var (address, missing) = await OwnAddressAsync(id, context, users, details, cancellationToken);
        if (address is null)
        {
            return missing!;
        }

        var body = SavedAddressResponse.From(address);
        StrongETag.Tag(context, body);
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<SavedAddressResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, HttpContext context, [FromBody] SaveAddressRequest? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        var (address, missing) = await OwnAddressAsync(id, context, users, details, cancellationToken);
        if (address is null)
        {
            return missing!;
        }

        if (Precondition(context, address) is { } refused)
        {
            return refused;
        }

        if (Invalid(request, context) is { } invalid)
        {
            return invalid;
        }

        if (!await details.UpdateAddressAsync(address, request!, cancellationToken))
        {
            return AddressNotFound(); // deleted by another request a moment ago
        }

        if (request!.MakeDefault)
        {
            await details.MakeDefaultAsync(address, cancellationToken);
        }

        var body = SavedAddressResponse.From(address);
        StrongETag.Tag(context, body);
        return TypedResults.Ok(body);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        var (address, missing) = await OwnAddressAsync(id, context, users, details, cancellationToken);
        if (address is null)
        {
            return missing!;
        }

        if (Precondition(context, address) is { } refused)
        {
            return refused;
        }

        await details.DeleteAddressAsync(address, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The token's shopper's address <paramref name="id"/>, or why not: 401 for an account gone since, 404 for none or another's.</summary>
    private static async Task<(SavedAddress? Address, ProblemHttpResult? Missing)> OwnAddressAsync(
        int id, HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await MyDetailsEndpoints.ShopperAsync(context, users) is not { } user)
        {
            return (null, Identity.Apps.ApiAuthorization.NotSignedIn());
        }

        return await details.AddressAsync(user.Id, id, cancellationToken) is { } address ? (address, null) : (null, AddressNotFound());
    }

    /// <summary>428 without If-Match, 412 when it names another version than the address's current one.</summary>
    private static ProblemHttpResult? Precondition(HttpContext context, SavedAddress address) => StrongETag.IfMatch(context, SavedAddressResponse.From(address)) switch
    {
        null => ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, ApiProblems.PreconditionRequired, "If-Match required",
            "Send the address's ETag (from GET) in the If-Match header, so a change made meanwhile elsewhere is not overwritten."),
        false => ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, ApiProblems.PreconditionFailed, "The address has changed",
            "The address was changed since this ETag was read. Read it again, then retry with its new ETag."),
        true => null,
    };

    private static ValidationProblem? Invalid(SaveAddressRequest? request, HttpContext context)
    {
        if (request is null)
        {
            return ApiProblems.ValidationProblem("", "Send the address as a JSON body.");
        }

        var errors = ApiValidation.Errors(request, context.RequestServices);
        return errors.Count > 0 ? ApiProblems.ValidationProblem(errors) : null;
    }

    private static ProblemHttpResult AddressNotFound() => ApiProblems.NotFoundProblem("There is no such address in your address book.");
}
