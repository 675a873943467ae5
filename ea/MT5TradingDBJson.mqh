//+------------------------------------------------------------------+
//| MT5TradingDBJson.mqh - just enough JSON for the server's answers |
//|                                                                  |
//| The EA reads a handful of fields of flat objects (a signal, an   |
//| ingest answer, the cursor). Keys are matched only at the top     |
//| level of the object given (depth 1), so a key of the same name   |
//| inside a nested object (a signal's "meta") is never taken.       |
//+------------------------------------------------------------------+
// Position of the value of top-level key `key` in object `json`, or -1.
int JsonFindValue(const string json, const string key)
  {
   int len = StringLen(json);
   int depth = 0;
   bool inString = false;
   string wanted = "\"" + key + "\"";
   int wl = StringLen(wanted);
   for(int i = 0; i < len; i++)
     {
      ushort c = StringGetCharacter(json, i);
      if(inString)
        {
         if(c == '\\')
            i++;
         else if(c == '"')
            inString = false;
         continue;
        }
      if(c == '{' || c == '[')
         depth++;
      else if(c == '}' || c == ']')
         depth--;
      else if(c == '"')
        {
         if(depth == 1 && StringSubstr(json, i, wl) == wanted)
           {
            int j = i + wl;
            while(j < len && (StringGetCharacter(json, j) == ' ' || StringGetCharacter(json, j) == ':'))
               j++;
            return(j);
           }
         inString = true;
        }
     }
   return(-1);
  }

// The raw token of a top-level scalar (a number, true/false/null, or a string WITH its quotes).
string JsonRaw(const string json, const string key)
  {
   int p = JsonFindValue(json, key);
   if(p < 0)
      return("");
   int len = StringLen(json);
   int j = p;
   if(StringGetCharacter(json, p) == '"')
     {
      for(j = p + 1; j < len; j++)
        {
         ushort c = StringGetCharacter(json, j);
         if(c == '\\')
            j++;
         else if(c == '"')
            break;
        }
      return(StringSubstr(json, p, j - p + 1));
     }
   while(j < len)
     {
      ushort c = StringGetCharacter(json, j);
      if(c == ',' || c == '}' || c == ']' || c == ' ')
         break;
      j++;
     }
   return(StringSubstr(json, p, j - p));
  }

// A top-level string value, unescaped ("" when absent or null).
string JsonString(const string json, const string key)
  {
   string raw = JsonRaw(json, key);
   if(StringLen(raw) < 2 || StringGetCharacter(raw, 0) != '"')
      return("");
   string s = StringSubstr(raw, 1, StringLen(raw) - 2);
   StringReplace(s, "\\\"", "\"");
   StringReplace(s, "\\/", "/");
   StringReplace(s, "\\\\", "\\");
   return(s);
  }

// A top-level number, or `fallback` when absent or null.
double JsonNumber(const string json, const string key, double fallback)
  {
   string raw = JsonRaw(json, key);
   if(raw == "" || raw == "null")
      return(fallback);
   return(StringToDouble(raw));
  }

// The objects of the top-level array `key`, each as its own JSON text.
void JsonArrayObjects(const string json, const string key, string &out[])
  {
   ArrayResize(out, 0);
   int p = JsonFindValue(json, key);
   if(p < 0 || StringGetCharacter(json, p) != '[')
      return;
   int len = StringLen(json);
   int depth = 0;
   int start = -1;
   bool inString = false;
   for(int i = p + 1; i < len; i++)
     {
      ushort c = StringGetCharacter(json, i);
      if(inString)
        {
         if(c == '\\')
            i++;
         else if(c == '"')
            inString = false;
         continue;
        }
      if(c == '"')
         inString = true;
      else if(c == '{')
        {
         if(depth == 0)
            start = i;
         depth++;
        }
      else if(c == '}')
        {
         depth--;
         if(depth == 0 && start >= 0)
           {
            int n = ArraySize(out);
            ArrayResize(out, n + 1);
            out[n] = StringSubstr(json, start, i - start + 1);
            start = -1;
           }
        }
      else if(c == ']' && depth == 0)
         break;
     }
  }

// A text as the inside of a JSON string.
string JsonEscape(const string text)
  {
   string s = text;
   StringReplace(s, "\\", "\\\\");
   StringReplace(s, "\"", "\\\"");
   StringReplace(s, "\r", " ");
   StringReplace(s, "\n", " ");
   StringReplace(s, "\t", " ");
   return(s);
  }
//+------------------------------------------------------------------+
