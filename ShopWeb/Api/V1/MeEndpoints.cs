using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;
using ShopWeb.Privacy;

namespace ShopWeb.Api.V1;

/// <summary>The signed-in shopper's own profile, as /account/profile shows it.</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization(ApiAuthorization.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).Personal();
        me.MapGet("", GetProfileAsync).WithName("GetMyProfile").WithSummary("The signed-in shopper's profile");
        me.MapMyCart();
        me.MapMyCheckoutDetails();
        me.MapMyOrders();
        me.MapMyDetails();
        return api;
    }

    public static async Task<Results<Ok<Profile>, ProblemHttpResult>> GetProfileAsync(
        HttpContext context, UserManager<ApplicationUser> users, SavedDetails details, CancellationToken cancellationToken)
    {
        if (ApiAuthorization.UserId(context.User) is not { } id || await users.FindByIdAsync(id) is not { } user)
        {
            // A token of an account deleted since: its deletion revoked the token, so this is a race at most.
            return ApiAuthorization.NotSignedIn();
        }

        return TypedResults.Ok(await ProfileOfAsync(user, details, cancellationToken));
    }

    internal static async Task<Profile> ProfileOfAsync(ApplicationUser user, SavedDetails details, CancellationToken cancellationToken)
    {
        var contact = await details.ContactOfAsync(user.Id, cancellationToken);
        return new Profile(user.Email!, contact?.FullName, contact?.Phone, new Choices(user.SaveContactDetails, user.SaveShippingAddresses));
    }

    /// <summary>Name and phone are there only while the shopper saves their contact details.</summary>
    public sealed record Profile(string Email, string? FullName, string? Phone, Choices Choices);

    /// <summary>The two save-my-details choices, each on or off.</summary>
    public sealed record Choices(bool ContactDetails, bool ShippingAddresses);
}
