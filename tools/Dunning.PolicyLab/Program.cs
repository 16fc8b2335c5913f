using Dunning.PolicyLab;

// The policy lab (issue 19): scripts/lab.sh runs it.
//   import   --out history.jsonl [...]                     the failures of a Stripe account or of Dunning's own ledger
//   backtest --history history.jsonl --policy A.json [...]  what each policy would have recovered, with 95 % intervals
return args.FirstOrDefault() switch
{
    "import" => await ImportCommand.RunAsync(args[1..]),
    "backtest" => await BacktestCommand.RunAsync(args[1..]),
    _ => Usage.Fail("usage: lab.sh import|backtest [options]; lab.sh COMMAND --help for the options"),
};
