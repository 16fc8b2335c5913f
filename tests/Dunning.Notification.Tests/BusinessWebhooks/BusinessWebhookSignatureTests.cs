using Dunning.Notification.BusinessWebhooks;
using Dunning.Notification.Tests.Support;

namespace Dunning.Notification.Tests.BusinessWebhooks;

/// <summary>The signature as a receiver checks it (the README's recipe, in <see cref="BusinessWebhookReceiver"/>).</summary>
public sealed class BusinessWebhookSignatureTests
{
    private const string Body = """{"id":"evt_dun_1","object":"event","type":"dunning.case.opened"}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    [Fact]
    public void While_a_secret_rolls_a_receiver_with_either_secret_accepts_and_one_with_another_secret_refuses()
    {
        var header = BusinessWebhookSignature.Sign(Body, At, ["whsec_new", "whsec_old"]);

        Assert.StartsWith("t=1796000000,v1=", header);
        Assert.Null(BusinessWebhookReceiver.SignatureProblem(Body, header, "whsec_new", At));
        Assert.Null(BusinessWebhookReceiver.SignatureProblem(Body, header, "whsec_old", At));
        Assert.Contains("no v1 signature matches", BusinessWebhookReceiver.SignatureProblem(Body, header, "whsec_other", At));
    }

    [Fact]
    public void A_changed_body_or_an_old_timestamp_is_refused()
    {
        var header = BusinessWebhookSignature.Sign(Body, At, ["whsec_new"]);

        Assert.Contains("no v1 signature matches", BusinessWebhookReceiver.SignatureProblem(Body.Replace("opened", "recovered"), header, "whsec_new", At));
        Assert.Contains("more than five minutes", BusinessWebhookReceiver.SignatureProblem(Body, header, "whsec_new", At.AddMinutes(6)));
    }
}
