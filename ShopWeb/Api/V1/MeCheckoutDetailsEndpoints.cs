using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>The signed-in shopper's checkout pre-fill, from <see cref="CheckoutDetails"/> as the checkout page has it.</summary>
public static class MeCheckoutDetailsEndpoints
{
    public static RouteGroupBuilder MapMyCheckoutDetails(this RouteGroupBuilder me)
    {
        me.MapGet("/checkout-details", GetAsync).WithName("GetMyCheckoutDetails")
            .WithSummary("What pre-fills the shopper's checkout: saved contact details and addresses, only while their choices are on");
        return me;
    }

    private static async Task<Results<Ok<CheckoutDetailsResponse>, ProblemHttpResult>> GetAsync(
        HttpContext context, UserManager<ApplicationUser> users, CheckoutDetails checkoutDetails, CancellationToken cancellationToken)
    {
        if (ApiAuthorization.UserId(context.User) is not { } id || await users.FindByIdAsync(id) is not { } user)
        {
            return ApiAuthorization.NotSignedIn();
        }

        var prefill = await checkoutDetails.PrefillAsync(user, cancellationToken);
        return TypedResults.Ok(new CheckoutDetailsResponse(
            prefill.Email,
            prefill.Contact is { } contact ? new ContactResponse(contact.FullName, contact.Phone) : null,
            prefill.Addresses.Select(SavedAddressResponse.From).ToList(),
            new MeEndpoints.Choices(prefill.SaveContactDetails, prefill.SaveShippingAddresses)));
    }
}
