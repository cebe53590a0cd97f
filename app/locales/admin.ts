// The `admin` namespace: the embedded admin's own strings (ADR 0019). Only the staff member's
// locale is sent to the browser, by the app layout's loader (app/modules/admin-i18n).
import de from "./de/admin.json";
import en from "./en/admin.json";
import es from "./es/admin.json";
import fr from "./fr/admin.json";
import it from "./it/admin.json";
import ja from "./ja/admin.json";
import nl from "./nl/admin.json";
import ptBR from "./pt-BR/admin.json";

export const admin = { de, en, es, fr, it, ja, nl, "pt-BR": ptBR };
