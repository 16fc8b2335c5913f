using Dunning.Bench.Webhook;

// Modes (all run by bench/webhook/run.sh, each in its own process):
//   load <baseUrl> <secret> <seconds> <concurrency> [eventsPerSecond]   signed invoice.payment_failed events → report line
//   postgres <connectionString> <seconds> <concurrency>                 the inbox + outbox transaction alone → report line
//   verifier <port> <secret>                                            bare Kestrel endpoint that only verifies signatures
return args[0] switch
{
    "load" => await LoadRun.RunAsync(new Uri(args[1]), args[2], int.Parse(args[3]), int.Parse(args[4]), args.Length > 5 ? int.Parse(args[5]) : null),
    "postgres" => await PostgresReference.RunAsync(args[1], int.Parse(args[2]), int.Parse(args[3])),
    "verifier" => await VerifierReference.RunAsync(int.Parse(args[1]), args[2]),
    _ => throw new ArgumentException($"Unknown mode {args[0]}"),
};
