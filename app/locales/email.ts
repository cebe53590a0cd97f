// The `email` namespace: every email sent to a requester.
import da from "./da/email.json";
import de from "./de/email.json";
import en from "./en/email.json";
import es from "./es/email.json";
import fr from "./fr/email.json";
import it from "./it/email.json";
import ja from "./ja/email.json";
import nl from "./nl/email.json";
import pl from "./pl/email.json";
import ptBR from "./pt-BR/email.json";
import sv from "./sv/email.json";

export const email = { da, de, en, es, fr, it, ja, nl, pl, "pt-BR": ptBR, sv };
