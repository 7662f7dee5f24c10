using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;
using ShopWeb.Privacy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Api.V1;

/// <summary>
/// The shopper's say over their data, as /account/profile, /account/privacy and /account/delete give it: the two
/// save-my-details choices, the consent ledger, the export and the deletion, through the same services.
/// </summary>
public static class MyDetailsEndpoints
{
    /// <summary>Maps onto the signed-in shopper's group (<see cref="MeEndpoints.MapMe"/>), which requires the token.</summary>
    public static void MapMyDetails(this RouteGroupBuilder me)
    {
        me.MapPut("/choices/contact-details", (HttpContext context, [FromBody] ChoiceRequest? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken) =>
                DecideAsync(context, DetailsChoice.ContactDetails, request, users, details, cancellationToken))
            .WithName("SetContactDetailsChoice").WithSummary("Turn \"Save my contact details\" on or off")
            .WithDescription("Recorded in the consent ledger with the words of the profile page. Off erases the saved name and phone at once.")
            .ProducesValidationProblem();
        me.MapPut("/choices/shipping-addresses", (HttpContext context, [FromBody] ChoiceRequest? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken) =>
                DecideAsync(context, DetailsChoice.ShippingAddresses, request, users, details, cancellationToken))
            .WithName("SetShippingAddressesChoice").WithSummary("Turn \"Save my shipping addresses\" on or off")
            .WithDescription("Recorded in the consent ledger with the words of the profile page. Off erases the address book at once.")
            .ProducesValidationProblem();
        me.MapPut("/contact-details", SaveContactAsync).WithName("SaveMyContactDetails").WithSummary("Change the saved name and phone")
            .WithDescription("As the profile page's form, with its rules: a full name is needed, and a phone is optional; only while \"Save my contact details\" is on (otherwise a 409, and nothing is kept). Turning the choice off erases them.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        me.MapGet("/consent-history", ConsentHistoryAsync).WithName("GetMyConsentHistory")
            .WithSummary("Every decision about the save-my-details choices, newest first");
        me.MapPost("/data-export", ExportAsync).WithName("ExportMyData")
            .WithSummary("Everything the shop keeps about the shopper, as the privacy page's \"Download my data\"")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, "application/json");
        me.MapDelete("", DeleteAsync).WithName("DeleteMyAccount").WithSummary("Delete the account")
            .WithDescription("Needs a sign-in of the last 5 minutes (authorize again with prompt=login), and no order on its way (awaiting payment, paid or shipped: a 409 names them). Orders stay, anonymised; every app sign-in ends.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        me.MapMyAddresses();
    }

    private static async Task<Results<Ok<MeEndpoints.Choices>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        HttpContext context, DetailsChoice choice, ChoiceRequest? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await ShopperAsync(context, users) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        if (request?.On is not { } on)
        {
            return ApiProblems.ValidationProblem("on", "Say whether the choice is on: {\"on\": true} or {\"on\": false}.");
        }

        await details.DecideAsync(user, choice, on, ApiPaths.ConsentPlace, cancellationToken);
        return TypedResults.Ok(new MeEndpoints.Choices(user.SaveContactDetails, user.SaveShippingAddresses));
    }

    private static async Task<Results<Ok<MeEndpoints.Profile>, ValidationProblem, ProblemHttpResult>> SaveContactAsync(
        HttpContext context, [FromBody] ContactInput? request, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await ShopperAsync(context, users) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        if (request is null)
        {
            return ApiProblems.ValidationProblem("", "Send the name and phone as a JSON body: {\"fullName\": \"…\", \"phone\": \"…\"}.");
        }

        if (ApiValidation.Errors(request, context.RequestServices) is { Count: > 0 } errors)
        {
            return ApiProblems.ValidationProblem(errors);
        }

        if (string.IsNullOrWhiteSpace(request.FullName))
        {
            return ApiProblems.ValidationProblem("fullName", "Give the full name to save, or turn \"Save my contact details\" off to erase the saved name and phone.");
        }

        if (!user.SaveContactDetails)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.ContactNotSaved, "Contact details are not saved",
                "Nothing was saved: \"Save my contact details\" is off. Turn it on (PUT /api/v1/me/choices/contact-details) to keep a name and phone.");
        }

        await details.SaveContactAsync(user, request, cancellationToken);
        return TypedResults.Ok(await MeEndpoints.ProfileOfAsync(user, details, cancellationToken));
    }

    private static async Task<Results<Ok<List<ConsentEntry>>, ProblemHttpResult>> ConsentHistoryAsync(
        HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (await ShopperAsync(context, users) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        return TypedResults.Ok((await details.LedgerOfAsync(user.Id, cancellationToken)).Select(ConsentEntry.From).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext context, UserManager<ApplicationUser> users, MyDataExport export, Identity.ActivityLog activity, CancellationToken cancellationToken)
    {
        if (await ShopperAsync(context, users) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.DataDownloaded);
        return TypedResults.File(await export.ForAsync(user, cancellationToken), "application/json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, UserManager<ApplicationUser> users, AccountEraser eraser, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ShopperAsync(context, users) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        if (!long.TryParse(context.User.FindFirst(Claims.AuthenticationTime)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn)
            || !Identity.RecentSignIn.IsRecent(DateTimeOffset.FromUnixTimeSeconds(signedIn), clock))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiProblems.FreshSignInRequired, "Sign in again first",
                "Deleting the account needs a sign-in of the last 5 minutes. Sign in again (authorize with prompt=login) and retry with the new token.");
        }

        if (await eraser.OrdersInProgressAsync(user.Id, cancellationToken) is { Count: > 0 } inProgress)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.OrdersInProgress, "Orders on their way", AccountEraser.InProgressMessage(inProgress));
        }

        await eraser.EraseAsync(user, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The token's shopper, tracked (as <see cref="SavedDetails.DecideAsync"/> needs), or null for an account deleted since.</summary>
    internal static async Task<ApplicationUser?> ShopperAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        return ApiAuthorization.UserId(context.User) is { } id ? await users.FindByIdAsync(id) : null;
    }
}
