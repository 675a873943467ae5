//+------------------------------------------------------------------+
//| MT5TradingDB.mq5 - feeds MT5 Trading DB and executes its signals  |
//|                                                                  |
//| What it does (ea/README.md has installation and the log lines):  |
//|  * posts CLOSED M1 bars (never the forming bar, index 0) of the  |
//|    configured symbols to POST /ingest_batch, in batches, in      |
//|    broker time with the X-Broker-Offset header;                  |
//|  * sends each symbol's metadata once (PUT /symbols/{symbol});    |
//|  * optionally streams ticks (CopyTicksRange, time_msc) to        |
//|    POST /ingest/tick in 1-second batches;                        |
//|  * on start asks GET /ingest/cursor and backfills from there;    |
//|  * keeps every request that must arrive in an outbox file that   |
//|    survives a terminal restart and is sent in order; 429/503     |
//|    wait for Retry-After, network errors and 5xx back off;        |
//|  * polls GET /signals/next, executes within the risk inputs      |
//|    (dry run by default: acks SKIPPED), acks each signal once     |
//|    (executed ids kept in a file) and posts POST /trades events.  |
//|                                                                  |
//| Never blocks the terminal: no Sleep(); everything runs from      |
//| OnTimer as a small state machine that makes AT MOST ONE          |
//| WebRequest per timer tick.                                       |
//+------------------------------------------------------------------+
#property copyright "MT5 Trading DB"
#property version   "1.00"

#include <Trade/Trade.mqh>
#include "MT5TradingDBJson.mqh"

#define EA_VERSION "1.0"
#define EA_TAG     "MT5TradingDB: "

//--- inputs
input string InpBaseUrl         = "http://127.0.0.1:8000"; // Server URL (also add it to the WebRequest allow-list)
input string InpApiKey          = "";                      // API key (scopes ingest, signals)
input string InpSymbols         = "";                      // Symbols, comma-separated (empty: the chart's symbol)
input string InpBrokerZone      = "";                      // Broker zone, e.g. Europe/Athens (empty: current offset)
input int    InpBatchSize       = 500;                     // Bars per request (backfill)
input int    InpBackfillBars    = 10000;                   // Bars to backfill when the server has none
input bool   InpSendTicks       = false;                   // Stream ticks to /ingest/tick every second
input bool   InpPollSignals     = true;                    // Poll /signals/next
input string InpAccountId       = "";                      // Account id for signals (empty: the login number)
input bool   InpDryRun          = true;                    // Dry run: never trade, ack SKIPPED
input double InpMaxLots         = 0.10;                    // Risk: largest volume per signal
input int    InpMaxPositions    = 3;                       // Risk: most open positions of this EA
input string InpAllowedSymbols  = "";                      // Risk: tradable symbols (empty: InpSymbols)
input double InpDefaultLots     = 0.01;                    // Volume when a signal names none
input int    InpSignalPollSec   = 2;                       // Seconds between signal polls
input int    InpTimerMs         = 250;                     // Timer period (one request at most per tick)
input int    InpTimeoutMs       = 5000;                    // WebRequest timeout
input long   InpMagic           = 190019;                  // Magic number of this EA's orders

//--- state
string   g_symbols[];          // symbols fed
datetime g_lastSent[];         // per symbol: open time of the newest bar queued
bool     g_metaSent[];         // per symbol: PUT /symbols done (or given up)
int      g_metaTries[];        // per symbol: PUT /symbols attempts
bool     g_cursorAsked[];      // per symbol: GET /ingest/cursor done
long     g_lastTickMsc[];      // per symbol: time_msc of the newest tick queued
string   g_allowed[];          // tradable symbols
string   g_account;            // account id for signals
string   g_outbox[];           // pending requests, "METHOD\tPATH\tBODY", oldest first (mirrors the file)
string   g_executed[];         // signal ids already handled (mirrors the file)
ulong    g_waitUntil = 0;      // GetTickCount64() before which no request is made (Retry-After / backoff)
int      g_failures  = 0;      // consecutive failures, for the backoff
ulong    g_nextPoll  = 0;      // next signal poll
ulong    g_nextTicks = 0;      // next tick batch
CTrade   g_trade;

string OutboxFile()   { return "MT5TradingDB\\outbox_" + g_account + ".txt"; }
string ExecutedFile() { return "MT5TradingDB\\executed_" + g_account + ".txt"; }

//+------------------------------------------------------------------+
int OnInit()
  {
   if(InpApiKey == "")
     {
      Print(EA_TAG, "[error] InpApiKey is empty: create a key with POST /admin/keys (scopes ingest, signals)");
      return(INIT_PARAMETERS_INCORRECT);
     }
   g_account = InpAccountId != "" ? InpAccountId : IntegerToString(AccountInfoInteger(ACCOUNT_LOGIN));
   SplitList(InpSymbols == "" ? _Symbol : InpSymbols, g_symbols);
   SplitList(InpAllowedSymbols == "" ? (InpSymbols == "" ? _Symbol : InpSymbols) : InpAllowedSymbols, g_allowed);
   int n = ArraySize(g_symbols);
   ArrayResize(g_lastSent, n);
   ArrayResize(g_metaSent, n);
   ArrayResize(g_metaTries, n);
   ArrayResize(g_cursorAsked, n);
   ArrayResize(g_lastTickMsc, n);
   for(int i = 0; i < n; i++)
     {
      SymbolSelect(g_symbols[i], true);
      g_lastSent[i] = 0;
      g_metaSent[i] = false;
      g_metaTries[i] = 0;
      g_cursorAsked[i] = false;
      g_lastTickMsc[i] = (long)TimeCurrent() * 1000;   // ticks are streamed from now on, not backfilled
     }
   g_trade.SetExpertMagicNumber(InpMagic);
   LoadLines(OutboxFile(), g_outbox);
   LoadLines(ExecutedFile(), g_executed);
   PrintFormat("%s[start] v%s, %d symbol(s), account %s, dry run %s, %d request(s) waiting in the outbox",
               EA_TAG, EA_VERSION, n, g_account, InpDryRun ? "on" : "OFF", ArraySize(g_outbox));
   EventSetMillisecondTimer(MathMax(InpTimerMs, 50));
   return(INIT_SUCCEEDED);
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
   // the outbox file already holds everything unsent: the next start continues with it
  }

//+------------------------------------------------------------------+
//| The state machine: at most one WebRequest per call, first match  |
//| wins, in this order of priority.                                 |
//+------------------------------------------------------------------+
void OnTimer()
  {
   ulong now = GetTickCount64();
   if(now < g_waitUntil)
      return;                                   // waiting out Retry-After or a backoff
   // 1. what is already queued goes first, in order (also after a restart)
   if(ArraySize(g_outbox) > 0)
     {
      SendOutboxHead();
      return;
     }
   // 2. per symbol, once: metadata, then the cursor
   for(int i = 0; i < ArraySize(g_symbols); i++)
     {
      if(!g_metaSent[i])
        {
         SendMetadata(i);
         return;
        }
      if(!g_cursorAsked[i])
        {
         AskCursor(i);
         return;
        }
     }
   // 3. signals, every InpSignalPollSec
   if(InpPollSignals && now >= g_nextPoll)
     {
      g_nextPoll = now + (ulong)MathMax(InpSignalPollSec, 1) * 1000;
      PollSignals();
      return;
     }
   // 4. ticks, every second
   if(InpSendTicks && now >= g_nextTicks)
     {
      g_nextTicks = now + 1000;
      if(QueueTicks())
         return;                                // queued: sent from the outbox on the next tick
     }
   // 5. closed bars not sent yet (the backfill, then each new bar as it closes)
   for(int i = 0; i < ArraySize(g_symbols); i++)
      if(QueueBars(i))
         return;
  }

//+------------------------------------------------------------------+
//| Market data                                                      |
//+------------------------------------------------------------------+
void SendMetadata(int i)
  {
   string s = g_symbols[i];
   int digits = (int)SymbolInfoInteger(s, SYMBOL_DIGITS);
   double point = SymbolInfoDouble(s, SYMBOL_POINT);
   double pip = (digits == 3 || digits == 5) ? point * 10 : point;
   string body = StringFormat("{\"digits\":%d,\"point\":%s,\"pip_size\":%s,\"contract_size\":%s,\"currency\":\"%s\"}",
                              digits, Num(point, 10), Num(pip, 10), Num(SymbolInfoDouble(s, SYMBOL_TRADE_CONTRACT_SIZE), 2),
                              SymbolInfoString(s, SYMBOL_CURRENCY_PROFIT));
   string reply;
   int status = Request("PUT", "/symbols/" + s, body, reply);
   if(status == 200)
     {
      g_metaSent[i] = true;
      PrintFormat("%s[meta] %s digits %d point %s sent", EA_TAG, s, digits, Num(point, 10));
     }
   else if((status >= 400 && status < 500 && status != 429) || ++g_metaTries[i] >= 3)
     {
      // not retryable (e.g. 403), or a terminal whose WebRequest refuses PUT: carry on without it
      // (the server then infers the digits from the prices)
      g_metaSent[i] = true;
      PrintFormat("%s[error] PUT /symbols/%s answered %d: %s; continuing without metadata", EA_TAG, s, status, reply);
     }
  }

void AskCursor(int i)
  {
   string s = g_symbols[i];
   string reply;
   int status = Request("GET", "/ingest/cursor?symbol=" + s + "&timeframe=M1", "", reply);
   if(status != 200)
      return;                                   // retried on a later tick (after the backoff)
   g_cursorAsked[i] = true;
   string ts = JsonString(reply, "ts");
   if(ts == "")
     {
      // nothing stored: backfill InpBackfillBars closed bars
      int bars = MathMin(InpBackfillBars, Bars(s, PERIOD_M1) - 1);
      g_lastSent[i] = bars > 1 ? iTime(s, PERIOD_M1, bars) - 60 : 0;
      PrintFormat("%s[cursor] %s: the server has no M1 bars, backfilling %d", EA_TAG, s, bars);
     }
   else
     {
      // the cursor is UTC; bars are in server time. One hour of overlap covers a DST change since:
      // what the server has already comes back as duplicates, never as a second row.
      g_lastSent[i] = IsoToUtc(ts) + BrokerOffsetSeconds() - 3600;
      PrintFormat("%s[cursor] %s: the server has M1 up to %s UTC, backfilling from %s (server time)", EA_TAG, s, ts,
                  TimeToString(g_lastSent[i], TIME_DATE | TIME_SECONDS));
     }
  }

// Queues the next batch of CLOSED bars of symbol i; false when there is nothing new.
bool QueueBars(int i)
  {
   string s = g_symbols[i];
   datetime lastClosed = iTime(s, PERIOD_M1, 1);     // index 1: the newest CLOSED bar; 0 is still forming
   if(lastClosed == 0 || g_lastSent[i] >= lastClosed)
      return(false);
   MqlRates rates[];
   datetime from = g_lastSent[i] + 60;
   datetime to = (datetime)MathMin((long)lastClosed, (long)from + (long)InpBatchSize * 60 - 60);
   int n = CopyRates(s, PERIOD_M1, from, to, rates);  // oldest first; a weekend gives 0 bars
   if(n < 0)
      return(false);                                  // history not ready yet: next tick
   string body = "[";
   int count = 0;
   for(int k = 0; k < n && count < InpBatchSize; k++)
     {
      if(rates[k].time > lastClosed)
         break;                                       // never the forming bar
      int d = (int)SymbolInfoInteger(s, SYMBOL_DIGITS);
      body += (count > 0 ? "," : "") + StringFormat(
                 "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,"
                 "\"volume\":%I64d,\"spread_points\":%d,\"real_volume\":%I64d}",
                 s, TimeToString(rates[k].time, TIME_DATE | TIME_SECONDS), Num(rates[k].open, d), Num(rates[k].high, d),
                 Num(rates[k].low, d), Num(rates[k].close, d), rates[k].tick_volume, rates[k].spread, rates[k].real_volume);
      count++;
     }
   body += "]";
   g_lastSent[i] = to;
   if(count == 0)
      return(false);
   Enqueue("POST", "/ingest_batch?details=errors", body);
   PrintFormat("%s[queue] %s: %d closed bar(s) up to %s", EA_TAG, s, count, TimeToString(to, TIME_DATE | TIME_MINUTES));
   return(true);
  }

// Queues the ticks of the last second (all symbols, one request); false when there were none.
bool QueueTicks()
  {
   string body = "{\"ticks\":[";
   int count = 0;
   for(int i = 0; i < ArraySize(g_symbols); i++)
     {
      MqlTick ticks[];
      int n = CopyTicksRange(g_symbols[i], ticks, COPY_TICKS_ALL, (ulong)(g_lastTickMsc[i] + 1), 0);
      int d = (int)SymbolInfoInteger(g_symbols[i], SYMBOL_DIGITS);
      for(int k = 0; k < n && count < 5000; k++)
        {
         if(ticks[k].bid <= 0 || ticks[k].ask <= 0)
            continue;                                 // a last-only tick carries no quote
         body += (count > 0 ? "," : "") + StringFormat(
                    "{\"symbol\":\"%s\",\"ts_msc\":%I64d,\"bid\":%s,\"ask\":%s,\"last\":%s,\"volume\":%s,\"flags\":%u}",
                    g_symbols[i], ticks[k].time_msc, Num(ticks[k].bid, d), Num(ticks[k].ask, d), Num(ticks[k].last, d),
                    Num(ticks[k].volume_real, 2), ticks[k].flags);
         g_lastTickMsc[i] = ticks[k].time_msc;
         count++;
        }
     }
   if(count == 0)
      return(false);
   Enqueue("POST", "/ingest/tick?details=errors", body + "]}");
   return(true);
  }

//+------------------------------------------------------------------+
//| Signals                                                          |
//+------------------------------------------------------------------+
void PollSignals()
  {
   string reply;
   string path = "/signals/next?account_id=" + g_account + "&symbols=" + JoinList(g_allowed) + "&limit=5";
   if(Request("GET", path, "", reply) != 200)
      return;
   string items[];
   JsonArrayObjects(reply, "signals", items);
   for(int k = 0; k < ArraySize(items); k++)
     {
      string id = JsonString(items[k], "id");
      if(id == "")
         continue;
      if(IsExecuted(id))
        {
         // a redelivery after the lease: already handled (its ack is in the outbox or was sent)
         PrintFormat("%s[signal] %s delivered again (attempt %s): already handled, not acked twice", EA_TAG, id,
                     JsonRaw(items[k], "delivery_attempt"));
         continue;
        }
      Execute(items[k], id);
     }
  }

void Execute(const string sig, const string id)
  {
   string symbol = JsonString(sig, "symbol");
   string side = JsonString(sig, "side");
   double lots = JsonNumber(sig, "lots", InpDefaultLots);
   double slPips = JsonNumber(sig, "sl_pips", 0);
   double tpPips = JsonNumber(sig, "tp_pips", 0);
   PrintFormat("%s[signal] %s %s %s lots %.2f sl %.1f tp %.1f pips", EA_TAG, id, side, symbol, lots, slPips, tpPips);
   string skip = "";
   if(!InList(symbol, g_allowed))
      skip = "symbol not allowed by InpAllowedSymbols";
   else if(lots > InpMaxLots)
      skip = StringFormat("lots %.2f above InpMaxLots %.2f", lots, InpMaxLots);
   else if(side != "CLOSE" && CountPositions() >= InpMaxPositions)
      skip = StringFormat("already %d open positions (InpMaxPositions)", InpMaxPositions);
   else if(InpDryRun)
      skip = "dry run";
   // Remember the id BEFORE acking: a restart between the two never executes or acks it twice;
   // the ack itself is in the outbox file, so it is not lost either.
   MarkExecuted(id);
   if(skip != "")
     {
      QueueAck(id, "SKIPPED", 0, 0, skip);
      return;
     }
   bool ok;
   double pip = SymbolInfoDouble(symbol, SYMBOL_POINT) * ((SymbolInfoInteger(symbol, SYMBOL_DIGITS) % 2 == 1) ? 10 : 1);
   if(side == "BUY")
     {
      double price = SymbolInfoDouble(symbol, SYMBOL_ASK);
      ok = g_trade.Buy(lots, symbol, price, slPips > 0 ? price - slPips * pip : 0, tpPips > 0 ? price + tpPips * pip : 0, id);
     }
   else if(side == "SELL")
     {
      double price = SymbolInfoDouble(symbol, SYMBOL_BID);
      ok = g_trade.Sell(lots, symbol, price, slPips > 0 ? price + slPips * pip : 0, tpPips > 0 ? price - tpPips * pip : 0, id);
     }
   else
      ok = g_trade.PositionClose(symbol);
   uint rc = g_trade.ResultRetcode();
   if(!ok || (rc != TRADE_RETCODE_DONE && rc != TRADE_RETCODE_PLACED))
     {
      QueueAck(id, "REJECTED", 0, 0, g_trade.ResultRetcodeDescription());
      return;
     }
   ulong ticket = g_trade.ResultDeal() > 0 ? g_trade.ResultDeal() : g_trade.ResultOrder();
   double price = g_trade.ResultPrice();
   QueueAck(id, "FILLED", ticket, price, "filled");
   Enqueue("POST", "/trades", StringFormat(
              "{\"account_id\":\"%s\",\"ticket\":%I64u,\"event\":\"%s\",\"symbol\":\"%s\"%s,\"volume\":%s,\"price\":%s,"
              "\"ts\":\"%s\",\"signal_id\":\"%s\"}",
              g_account, ticket, side == "CLOSE" ? "CLOSE" : "OPEN", symbol,
              side == "CLOSE" ? "" : ",\"side\":\"" + side + "\"", Num(lots, 2), Num(price, 10),
              TimeToString(TimeTradeServer(), TIME_DATE | TIME_SECONDS), id));
  }

void QueueAck(const string id, const string status, ulong ticket, double price, const string message)
  {
   string body = StringFormat("{\"id\":\"%s\",\"account_id\":\"%s\",\"status\":\"%s\"", id, g_account, status);
   if(ticket > 0)
      body += StringFormat(",\"mt5_ticket\":%I64u,\"price\":%s", ticket, Num(price, 10));
   body += StringFormat(",\"ts_exec\":\"%s\",\"message\":\"%s\"}", TimeToString(TimeTradeServer(), TIME_DATE | TIME_SECONDS),
                        JsonEscape(message));
   Enqueue("POST", "/signals/ack", body);
   PrintFormat("%s[ack] %s %s (%s)", EA_TAG, id, status, message);
  }

// Deals closing this EA's positions are reported as CLOSE events.
void OnTradeTransaction(const MqlTradeTransaction &trans, const MqlTradeRequest &request, const MqlTradeResult &result)
  {
   if(trans.type != TRADE_TRANSACTION_DEAL_ADD || !HistoryDealSelect(trans.deal))
      return;
   if(HistoryDealGetInteger(trans.deal, DEAL_MAGIC) != InpMagic || HistoryDealGetInteger(trans.deal, DEAL_ENTRY) != DEAL_ENTRY_OUT)
      return;
   Enqueue("POST", "/trades", StringFormat(
              "{\"account_id\":\"%s\",\"ticket\":%I64u,\"event\":\"CLOSE\",\"symbol\":\"%s\",\"volume\":%s,\"price\":%s,"
              "\"profit\":%s,\"commission\":%s,\"swap\":%s,\"ts\":\"%s\"}",
              g_account, trans.deal, HistoryDealGetString(trans.deal, DEAL_SYMBOL),
              Num(HistoryDealGetDouble(trans.deal, DEAL_VOLUME), 2), Num(HistoryDealGetDouble(trans.deal, DEAL_PRICE), 10),
              Num(HistoryDealGetDouble(trans.deal, DEAL_PROFIT), 2), Num(HistoryDealGetDouble(trans.deal, DEAL_COMMISSION), 2),
              Num(HistoryDealGetDouble(trans.deal, DEAL_SWAP), 2),
              TimeToString((datetime)HistoryDealGetInteger(trans.deal, DEAL_TIME), TIME_DATE | TIME_SECONDS)));
  }

int CountPositions()
  {
   int n = 0;
   for(int i = PositionsTotal() - 1; i >= 0; i--)
      if(PositionGetTicket(i) > 0 && PositionGetInteger(POSITION_MAGIC) == InpMagic)
         n++;
   return(n);
  }

//+------------------------------------------------------------------+
//| The outbox: every request that must arrive, in order, on disk    |
//+------------------------------------------------------------------+
void Enqueue(const string method, const string path, const string body)
  {
   int n = ArraySize(g_outbox);
   ArrayResize(g_outbox, n + 1);
   g_outbox[n] = method + "\t" + path + "\t" + body;
   AppendLine(OutboxFile(), g_outbox[n]);
  }

void SendOutboxHead()
  {
   string parts[];
   if(StringSplit(g_outbox[0], '\t', parts) < 3)
     {
      DropOutboxHead();                          // a damaged line: nothing sensible to send
      return;
     }
   string reply;
   int status = Request(parts[0], parts[1], parts[2], reply);
   if(status == 200 || status == 201)
     {
      LogRejected(parts[1], reply);
      DropOutboxHead();
     }
   else if(status == 409 && StringFind(parts[1], "/signals/ack") == 0)
     {
      PrintFormat("%s[ack] the server already holds another ack for this delivery: %s", EA_TAG, reply);
      DropOutboxHead();
     }
   else if(status >= 400 && status < 500 && status != 429 && status != 408)
     {
      // refused for good (400/401/403/404/413/422): keeping it would block everything behind it
      PrintFormat("%s[error] %s %s answered %d and was dropped: %s", EA_TAG, parts[0], parts[1], status, reply);
      DropOutboxHead();
     }
   else
      PrintFormat("%s[spool] %s %s kept in the outbox (%d waiting): %s", EA_TAG, parts[0], parts[1],
                  ArraySize(g_outbox), status < 0 ? "no connection" : "HTTP " + IntegerToString(status));
  }

void DropOutboxHead()
  {
   int n = ArraySize(g_outbox);
   for(int i = 1; i < n; i++)
      g_outbox[i - 1] = g_outbox[i];
   ArrayResize(g_outbox, n - 1);
   SaveLines(OutboxFile(), g_outbox);            // small file: rewritten after each delivered request
  }

// Every rejected item of an ingest answer is logged with its reason.
void LogRejected(const string path, const string reply)
  {
   if(StringFind(path, "/ingest") != 0)
      return;
   string rejected = JsonRaw(reply, "rejected");
   PrintFormat("%s[sent] %s: inserted %s updated %s duplicates %s rejected %s", EA_TAG, path, JsonRaw(reply, "inserted"),
               JsonRaw(reply, "updated"), JsonRaw(reply, "duplicates"), rejected);
   if(rejected == "" || rejected == "0")
      return;
   string details[];
   JsonArrayObjects(reply, "details", details);
   for(int k = 0; k < ArraySize(details); k++)
      PrintFormat("%s[rejected] item %s %s %s: %s (%s)", EA_TAG, JsonRaw(details[k], "index"), JsonString(details[k], "symbol"),
                  JsonString(details[k], "ts_original"), JsonString(details[k], "error"), JsonString(details[k], "reason"));
  }

//+------------------------------------------------------------------+
//| HTTP                                                             |
//+------------------------------------------------------------------+
// One WebRequest. Answers the HTTP status, or -1 without a connection. Sets the wait before the next
// request: Retry-After on 429/503, an exponential backoff (1 s .. 60 s) on other failures.
int Request(const string method, const string path, const string body, string &reply)
  {
   char data[];
   char result[];
   string resultHeaders;
   if(body != "")
     {
      // StringToCharArray copies the string's terminating NUL into the array too; sent as is, every
      // JSON body would end with a 0 byte (the old EAs did that). Drop it.
      int n = StringToCharArray(body, data, 0, WHOLE_ARRAY, CP_UTF8);
      if(n > 0 && data[n - 1] == 0)
         ArrayResize(data, n - 1);
     }
   string headers = "X-API-Key: " + InpApiKey + "\r\n"
                    + "User-Agent: MT5TradingDB-EA/" + EA_VERSION + " (MT5 build " + IntegerToString(TerminalInfoInteger(TERMINAL_BUILD)) + ")\r\n"
                    + "X-Broker-Offset: " + BrokerOffsetHeader() + "\r\n"
                    + "Accept: application/json\r\n"
                    + (body != "" ? "Content-Type: application/json\r\n" : "");
   ResetLastError();
   int status = WebRequest(method, InpBaseUrl + path, headers, InpTimeoutMs, data, result, resultHeaders);
   reply = CharArrayToString(result, 0, WHOLE_ARRAY, CP_UTF8);
   if(status == -1)
     {
      int err = GetLastError();
      PrintFormat("%s[error] %s %s: no connection (error %d%s)", EA_TAG, method, path, err,
                  err == 4014 ? ": add " + InpBaseUrl + " to Tools > Options > Expert Advisors > Allow WebRequest" : "");
     }
   if(status == 429 || status == 503)
     {
      int seconds = RetryAfter(resultHeaders);
      g_waitUntil = GetTickCount64() + (ulong)seconds * 1000;
      PrintFormat("%s[retry] %s %s answered %d: waiting %d s (Retry-After)", EA_TAG, method, path, status, seconds);
     }
   else if(status == 401 || status == 403)
     {
      // a wrong key or scope does not fix itself: ask again in a minute, not four times a second
      g_waitUntil = GetTickCount64() + 60000;
      PrintFormat("%s[error] %s %s answered %d: check InpApiKey and its scopes (ingest, signals): %s", EA_TAG, method,
                  path, status, reply);
     }
   else if(status == -1 || status >= 500)
     {
      g_failures++;
      int seconds = (int)MathMin(60, MathPow(2, MathMin(g_failures - 1, 6)));
      g_waitUntil = GetTickCount64() + (ulong)seconds * 1000;
     }
   else
      g_failures = 0;
   return(status);
  }

int RetryAfter(const string headers)
  {
   string lines[];
   int n = StringSplit(headers, '\n', lines);
   for(int i = 0; i < n; i++)
     {
      string line = lines[i];
      StringTrimRight(line);
      if(StringFind(line, "Retry-After:") == 0 || StringFind(line, "retry-after:") == 0)
         return((int)MathMax(1, StringToInteger(StringSubstr(line, 12))));
     }
   return(1);
  }

// The broker's server time offset, TimeTradeServer() - TimeGMT(), as +HH:MM (or the configured zone,
// which is right for bars before a DST change too).
string BrokerOffsetHeader()
  {
   if(InpBrokerZone != "")
      return(InpBrokerZone);
   int s = BrokerOffsetSeconds();
   int a = MathAbs(s);
   return(StringFormat("%s%02d:%02d", s < 0 ? "-" : "+", a / 3600, (a % 3600) / 60));
  }

int BrokerOffsetSeconds()
  {
   // rounded to a quarter hour: the two clocks are read a moment apart
   long s = (long)(TimeTradeServer() - TimeGMT());
   return((int)(MathRound(s / 900.0) * 900));
  }

//+------------------------------------------------------------------+
//| Files (MQL5\Files\MT5TradingDB\)                                 |
//+------------------------------------------------------------------+
void LoadLines(const string file, string &lines[])
  {
   ArrayResize(lines, 0);
   int h = FileOpen(file, FILE_READ | FILE_TXT | FILE_ANSI | FILE_SHARE_READ);
   if(h == INVALID_HANDLE)
      return;
   while(!FileIsEnding(h))
     {
      string line = FileReadString(h);
      if(line == "")
         continue;
      int n = ArraySize(lines);
      ArrayResize(lines, n + 1);
      lines[n] = line;
     }
   FileClose(h);
  }

void SaveLines(const string file, string &lines[])
  {
   int h = FileOpen(file, FILE_WRITE | FILE_TXT | FILE_ANSI);
   if(h == INVALID_HANDLE)
     {
      PrintFormat("%s[error] cannot write %s (error %d)", EA_TAG, file, GetLastError());
      return;
     }
   for(int i = 0; i < ArraySize(lines); i++)
      FileWriteString(h, lines[i] + "\n");
   FileClose(h);
  }

void AppendLine(const string file, const string line)
  {
   int h = FileOpen(file, FILE_READ | FILE_WRITE | FILE_TXT | FILE_ANSI);
   if(h == INVALID_HANDLE)
     {
      PrintFormat("%s[error] cannot write %s (error %d)", EA_TAG, file, GetLastError());
      return;
     }
   FileSeek(h, 0, SEEK_END);
   FileWriteString(h, line + "\n");
   FileClose(h);
  }

bool IsExecuted(const string id)
  {
   for(int i = ArraySize(g_executed) - 1; i >= 0; i--)
      if(g_executed[i] == id)
         return(true);
   return(false);
  }

void MarkExecuted(const string id)
  {
   int n = ArraySize(g_executed);
   ArrayResize(g_executed, n + 1);
   g_executed[n] = id;
   AppendLine(ExecutedFile(), id);
  }

//+------------------------------------------------------------------+
//| Small helpers                                                    |
//+------------------------------------------------------------------+
void SplitList(const string text, string &out[])
  {
   string parts[];
   int n = StringSplit(text, ',', parts);
   ArrayResize(out, 0);
   for(int i = 0; i < n; i++)
     {
      string s = parts[i];
      StringTrimLeft(s);
      StringTrimRight(s);
      if(s == "")
         continue;
      int k = ArraySize(out);
      ArrayResize(out, k + 1);
      out[k] = s;
     }
  }

string JoinList(string &items[])
  {
   string s = "";
   for(int i = 0; i < ArraySize(items); i++)
      s += (i > 0 ? "," : "") + items[i];
   return(s);
  }

bool InList(const string s, string &items[])
  {
   for(int i = 0; i < ArraySize(items); i++)
      if(items[i] == s)
         return(true);
   return(false);
  }

// A number with a '.' and no exponent, as JSON wants it, trailing zeros dropped.
string Num(double value, int digits)
  {
   string s = DoubleToString(value, digits);
   if(StringFind(s, ".") >= 0)
     {
      while(StringLen(s) > 1 && StringGetCharacter(s, StringLen(s) - 1) == '0')
         s = StringSubstr(s, 0, StringLen(s) - 1);
      if(StringGetCharacter(s, StringLen(s) - 1) == '.')
         s = StringSubstr(s, 0, StringLen(s) - 1);
     }
   return(s);
  }

// "2025-10-20T03:00:00Z" (the server's UTC form) -> datetime counted in UTC.
datetime IsoToUtc(const string iso)
  {
   string s = StringSubstr(iso, 0, 19);
   StringReplace(s, "-", ".");
   StringReplace(s, "T", " ");
   return(StringToTime(s));
  }
//+------------------------------------------------------------------+
