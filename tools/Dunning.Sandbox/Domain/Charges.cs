using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Builds the charge of one payment attempt, with Stripe's failure fields and outcome.</summary>
public static class Charges
{
    public static JsonObject New(JsonObject paymentIntent, JsonObject paymentMethod, ChargeOutcome outcome, long now)
    {
        var charge = Fixtures.New("charge");
        var amount = paymentIntent.Long("amount");
        var decline = outcome.Decline;
        charge["id"] = Ids.New("ch");
        charge["created"] = now;
        charge["amount"] = amount;
        charge["amount_captured"] = outcome.Succeeded ? amount : 0;
        charge["captured"] = outcome.Succeeded;
        charge["paid"] = outcome.Succeeded;
        charge["status"] = outcome.Succeeded ? "succeeded" : "failed";
        charge["balance_transaction"] = outcome.Succeeded ? Ids.New("txn") : null;
        charge["currency"] = paymentIntent.Str("currency");
        charge["customer"] = paymentIntent.Str("customer");
        charge["description"] = paymentIntent.Str("description");
        charge["calculated_statement_descriptor"] = "DUNNING SANDBOX";
        charge["payment_intent"] = paymentIntent.Str("id");
        charge["payment_method"] = paymentMethod.Str("id");
        charge["failure_code"] = decline?.FailureCode;
        charge["failure_message"] = decline?.Message;
        charge["outcome"] = Outcome(decline);
        charge["billing_details"] = paymentMethod["billing_details"]?.DeepClone();
        CopyCard(charge.Obj("payment_method_details").Obj("card"), paymentMethod.Obj("card"), decline);
        return charge;
    }

    private static JsonObject Outcome(Decline? decline) => decline is null
        ? new JsonObject
        {
            ["advice_code"] = null, ["network_advice_code"] = null, ["network_decline_code"] = null,
            ["network_status"] = "approved_by_network", ["reason"] = null,
            ["risk_level"] = "normal", ["seller_message"] = "Payment complete.", ["type"] = "authorized",
        }
        : new JsonObject
        {
            ["advice_code"] = decline.AdviceCode, ["network_advice_code"] = decline.NetworkAdviceCode,
            ["network_decline_code"] = decline.NetworkDeclineCode, ["network_status"] = decline.NetworkStatus,
            ["reason"] = decline.OutcomeReason, ["risk_level"] = decline.OutcomeType == "blocked" ? "highest" : "normal",
            ["seller_message"] = decline.Seller, ["type"] = decline.OutcomeType,
        };

    private static void CopyCard(JsonObject target, JsonObject card, Decline? decline)
    {
        foreach (var field in new[] { "brand", "last4", "fingerprint", "funding", "exp_month", "exp_year", "country" })
        {
            target[field] = card[field]?.DeepClone();
        }
        target["network"] = card.Str("brand");
        target["checks"]!["cvc_check"] = decline?.DeclineCode == "incorrect_cvc" ? "fail" : "pass";
        target["overcapture"] = null;
    }
}
