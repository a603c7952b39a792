// Every error a cashier or supervisor may see: one code, English and Hindi text. The core sends
// {code, message (English), params}; a screen shows errorText(code, params, its language).

export type Lang = 'en' | 'hi';

const ERROR_TEXT = {
  FIELD_REQUIRED: {
    en: 'Fill in: {field}.',
    hi: 'यह भरें: {field}।',
  },
  INVALID_INPUT: {
    en: 'Please check the entry: {detail}',
    hi: 'कृपया प्रविष्टि जाँचें: {detail}',
  },
  NOT_INITIALISED: {
    en: 'This terminal is not set up yet: a supervisor sets it up first (the set-up screen, or counterfoil init).',
    hi: 'यह टर्मिनल अभी सेट नहीं है: पहले पर्यवेक्षक इसे सेट करें (सेट-अप स्क्रीन, या counterfoil init)।',
  },
  ALREADY_INITIALISED: {
    en: 'This data folder already holds a terminal.',
    hi: 'इस डेटा फ़ोल्डर में पहले से एक टर्मिनल है।',
  },
  DATABASE_TOO_NEW: {
    en: 'This database was made by a newer Counterfoil (schema {found}, this app knows {known}). Update the app; do not use this database with it.',
    hi: 'यह डेटाबेस Counterfoil के नए संस्करण का है (स्कीमा {found}, यह ऐप {known} तक जानता है)। ऐप अपडेट करें।',
  },
  DATABASE_RESTORED_OLDER: {
    en: 'The database is older than the last recorded entry ({markSeq}); it may have been restored from an old copy. Call the supervisor.',
    hi: 'डेटाबेस अंतिम दर्ज प्रविष्टि ({markSeq}) से पुराना है; शायद पुरानी कॉपी से बहाल किया गया। पर्यवेक्षक को बुलाएँ।',
  },
  STORAGE_FULL: {
    en: 'The disk is full: the payment was NOT recorded. Free space, then try again.',
    hi: 'डिस्क भर गई है: भुगतान दर्ज नहीं हुआ। जगह खाली करके फिर से प्रयास करें।',
  },
  STORAGE_BUSY: {
    en: 'The ledger is busy; nothing was recorded. Try again.',
    hi: 'लेजर व्यस्त है; कुछ दर्ज नहीं हुआ। फिर से प्रयास करें।',
  },
  BAD_CREDENTIALS: {
    en: 'Wrong user or PIN. Tries left before a lock: {remaining}.',
    hi: 'गलत उपयोगकर्ता या पिन। लॉक होने से पहले बचे प्रयास: {remaining}।',
  },
  USER_LOCKED: {
    en: 'Too many wrong PINs: {user} is locked until {until} IST.',
    hi: 'कई बार गलत पिन: {user} {until} बजे (IST) तक लॉक है।',
  },
  SESSION_INVALID: {
    en: 'Your session has ended. Log in again.',
    hi: 'आपका सत्र समाप्त हो गया है। फिर से लॉग इन करें।',
  },
  SUPERVISOR_REQUIRED: {
    en: 'A supervisor must approve this.',
    hi: 'इसके लिए पर्यवेक्षक की स्वीकृति आवश्यक है।',
  },
  SUPERVISOR_PIN_TOO_SHORT: {
    en: 'A supervisor PIN has at least {min} digits.',
    hi: 'पर्यवेक्षक का पिन कम से कम {min} अंकों का होता है।',
  },
  CASHIER_PIN_TOO_SHORT: {
    en: 'A cashier PIN has at least {min} digits.',
    hi: 'कैशियर का पिन कम से कम {min} अंकों का होता है।',
  },
  USER_EXISTS: {
    en: 'A user named {user} already exists.',
    hi: '{user} नाम का उपयोगकर्ता पहले से है।',
  },
  SHIFT_NOT_OPEN: {
    en: 'Open your shift first.',
    hi: 'पहले अपनी पाली खोलें।',
  },
  SHIFT_ALREADY_OPEN: {
    en: 'Your shift is already open.',
    hi: 'आपकी पाली पहले से खुली है।',
  },
  ACCOUNT_FORMAT_INVALID: {
    en: '{account} is not an account number: an account number here is {format}. Check it on the bill.',
    hi: '{account} खाता संख्या नहीं है: यहाँ खाता संख्या {formatHi} की होती है। बिल पर देखकर जाँचें।',
  },
  ACCOUNT_CHECK_DIGIT: {
    en: '{account} fails the account number check: a digit is wrong or two are swapped. Check it on the bill.',
    hi: '{account} खाता संख्या की जाँच में सही नहीं है: कोई अंक गलत है या दो अंक आपस में बदल गए हैं। बिल पर देखकर जाँचें।',
  },
  ACCOUNT_TYPED_MISMATCH: {
    en: 'The two account numbers typed differ: type the number again, as on the bill.',
    hi: 'दोनों बार लिखी खाता संख्या अलग है: बिल देखकर संख्या फिर से लिखें।',
  },
  HAND_TYPED_REASON_REQUIRED: {
    en: 'Say why the consumer is not in the list (a few words), e.g. a new connection.',
    hi: 'बताएँ कि उपभोक्ता सूची में क्यों नहीं है (कुछ शब्द), जैसे नया कनेक्शन।',
  },
  BILL_ALREADY_PAID: {
    en: 'This bill is already paid here ({receipts}). To take another payment on it, tick "Take another payment" (Alt+A) first.',
    hi: 'यह बिल यहाँ पहले ही जमा हो चुका है ({receipts})। इस पर फिर से भुगतान लेना हो तो पहले "एक और भुगतान लें" (Alt+A) चुनें।',
  },
  AMOUNT_EMPTY: {
    en: 'Enter the amount.',
    hi: 'राशि लिखें।',
  },
  AMOUNT_NOT_A_NUMBER: {
    en: 'The amount is not a number: write it like 1,234.50.',
    hi: 'राशि संख्या नहीं है: इस तरह लिखें — 1,234.50।',
  },
  AMOUNT_GROUPING: {
    en: 'Commas in the wrong places: write it like 1,23,456.50.',
    hi: 'अल्पविराम गलत जगह हैं: इस तरह लिखें — 1,23,456.50।',
  },
  AMOUNT_DECIMALS: {
    en: 'At most two digits after the point (paise).',
    hi: 'दशमलव के बाद अधिकतम दो अंक (पैसे)।',
  },
  AMOUNT_NEGATIVE: {
    en: 'The amount cannot be negative.',
    hi: 'राशि ऋणात्मक नहीं हो सकती।',
  },
  AMOUNT_TOO_LARGE: {
    en: 'The amount is too large.',
    hi: 'राशि बहुत बड़ी है।',
  },
  AMOUNT_BELOW_MINIMUM: {
    en: 'A part payment must be at least {minimum}.',
    hi: 'आंशिक भुगतान कम से कम {minimum} होना चाहिए।',
  },
  CASH_RECEIPT_LIMIT: {
    en: 'Cash on one receipt cannot exceed {limit}. Take the rest by cheque, DD, UPI or card.',
    hi: 'एक रसीद पर नकद {limit} से अधिक नहीं हो सकता। शेष राशि चेक, डीडी, यूपीआई या कार्ड से लें।',
  },
  CASH_DAILY_LIMIT: {
    en: 'Cash from account {account} today would reach {total}; the limit is {limit} (Income Tax s.269ST).',
    hi: 'खाता {account} से आज का नकद {total} हो जाएगा; सीमा {limit} है (आयकर धारा 269ST)।',
  },
  CASH_LIMIT_ABOVE_LAW: {
    en: 'A cash limit cannot be above {limit}: Income Tax s.269ST forbids taking ₹2,00,000 or more in cash from a person in a day.',
    hi: 'नकद सीमा {limit} से अधिक नहीं हो सकती: आयकर धारा 269ST के अनुसार किसी व्यक्ति से एक दिन में ₹2,00,000 या अधिक नकद लेना मना है।',
  },
  INSTRUMENT_NUMBER_INVALID: {
    en: 'The {instrument} number must be 6 digits.',
    hi: '{instrument} संख्या 6 अंकों की होनी चाहिए।',
  },
  INSTRUMENT_POSTDATED: {
    en: 'The {instrument} is post-dated ({date}); it cannot be accepted before that date.',
    hi: '{instrument} आगे की तारीख ({date}) का है; उस तारीख से पहले स्वीकार नहीं हो सकता।',
  },
  INSTRUMENT_STALE: {
    en: 'The {instrument} is dated {date}, older than 3 months; it cannot be accepted.',
    hi: '{instrument} की तारीख {date} है, 3 महीने से पुराना; स्वीकार नहीं हो सकता।',
  },
  BANK_REQUIRED: {
    en: 'Enter the bank name.',
    hi: 'बैंक का नाम लिखें।',
  },
  UTR_INVALID: {
    en: 'The UPI reference (UTR) must be 12 digits.',
    hi: 'यूपीआई संदर्भ (UTR) 12 अंकों का होना चाहिए।',
  },
  UTR_DUPLICATE: {
    en: 'UTR {utr} is already on receipt {receiptNo}.',
    hi: 'UTR {utr} पहले से रसीद {receiptNo} पर दर्ज है।',
  },
  CARD_DETAILS_INVALID: {
    en: 'Enter the last 4 digits of the card and the 6-character approval code.',
    hi: 'कार्ड के अंतिम 4 अंक और 6 अक्षरों का अनुमोदन कोड लिखें।',
  },
  IDEMPOTENCY_CONFLICT: {
    en: 'This request key was already used for a different payment ({receiptNo}).',
    hi: 'यह अनुरोध कुंजी पहले ही दूसरे भुगतान ({receiptNo}) के लिए प्रयुक्त हो चुकी है।',
  },
  RECEIPT_NOT_FOUND: {
    en: 'No receipt {receiptNo} on this terminal.',
    hi: 'इस टर्मिनल पर रसीद {receiptNo} नहीं मिली।',
  },
  ALREADY_VOIDED: {
    en: 'Receipt {receiptNo} is already cancelled.',
    hi: 'रसीद {receiptNo} पहले ही रद्द है।',
  },
  VOID_OWN_PAYMENT: {
    en: 'Receipt {receiptNo} was taken by {user}: another supervisor must approve its cancellation.',
    hi: 'रसीद {receiptNo} {user} ने काटी थी: इसे रद्द करने की स्वीकृति कोई दूसरा पर्यवेक्षक दे।',
  },
  SHIFT_VARIANCE_NEEDS_APPROVAL: {
    en: 'The cash counted differs from what is expected by {variance}, more than the {tolerance} allowed: write a remark and have a supervisor approve with their PIN.',
    hi: 'गिनी गई नकदी अपेक्षित से {variance} अलग है, जो {tolerance} की छूट से अधिक है: टिप्पणी लिखें और पर्यवेक्षक अपने पिन से स्वीकृति दें।',
  },
  SHIFT_VARIANCE_OWN_APPROVAL: {
    en: 'This is {user}’s own shift: another supervisor approves its cash variance.',
    hi: 'यह {user} की अपनी पाली है: इसके नकद अंतर की स्वीकृति कोई दूसरा पर्यवेक्षक दे।',
  },
  VOID_NOT_SAME_DAY: {
    en: 'Receipt {receiptNo} is from {date}; only a receipt of today can be cancelled.',
    hi: 'रसीद {receiptNo} {date} की है; केवल आज की रसीद रद्द हो सकती है।',
  },
  PRINTER_NOT_READY: {
    en: 'Not printed: {state} ({detail}). The payment is recorded; its receipt waits to be printed.',
    hi: 'रसीद नहीं छपी: {state} ({detail})। भुगतान दर्ज है; रसीद छपने की प्रतीक्षा में है।',
  },
  PRINTER_NOT_SET_UP: {
    en: 'No printer is set up. A supervisor sets one in Settings.',
    hi: 'कोई प्रिंटर सेट नहीं है। पर्यवेक्षक सेटिंग्स में प्रिंटर सेट करें।',
  },
  PRINTER_PATH_NOT_ALLOWED: {
    en: 'A printer written as file: must be a printer port (/dev/usb/lp0, /dev/ttyUSB0, COM3, \\\\localhost\\SHARE) or a file in the print folder chosen at this PC ({folder}); {path} is neither. Nothing was changed.',
    hi: 'file: से लिखा प्रिंटर कोई प्रिंटर पोर्ट (/dev/usb/lp0, /dev/ttyUSB0, COM3, \\\\localhost\\SHARE) या इस पीसी पर चुने गए प्रिंट फ़ोल्डर ({folder}) की फ़ाइल होना चाहिए; {path} दोनों में से कुछ नहीं है। कुछ नहीं बदला।',
  },
  NOT_ENROLLED: {
    en: 'This terminal is not enrolled with the central server yet. A supervisor enrolls it with a one-time code.',
    hi: 'यह टर्मिनल अभी केंद्रीय सर्वर से नहीं जुड़ा है। पर्यवेक्षक एक बार के कोड से इसे जोड़ें।',
  },
  UPSTREAM_UNREACHABLE: {
    en: 'The central server cannot be reached ({detail}). Payments go on; they will be sent when the network is back.',
    hi: 'केंद्रीय सर्वर से संपर्क नहीं हो पा रहा ({detail})। भुगतान जारी रहेंगे; नेटवर्क लौटने पर भेजे जाएँगे।',
  },
  UPSTREAM_REFUSED: {
    en: 'The central server refused: {detail}',
    hi: 'केंद्रीय सर्वर ने अस्वीकार किया: {detail}',
  },
  UPSTREAM_ERROR: {
    en: 'The central server answered with an error ({detail}). Payments go on; sending is retried.',
    hi: 'केंद्रीय सर्वर ने त्रुटि लौटाई ({detail})। भुगतान जारी रहेंगे; भेजना फिर से प्रयास किया जाएगा।',
  },
  UPSTREAM_FORK: {
    en: 'The central server holds a different entry at no. {seq}: sending has stopped. Call the supervisor; do not reinstall or restore.',
    hi: 'केंद्रीय सर्वर पर क्रमांक {seq} पर अलग प्रविष्टि है: भेजना रुक गया है। पर्यवेक्षक को बुलाएँ; दोबारा इंस्टॉल या बहाल न करें।',
  },
  UPSTREAM_REVOKED: {
    en: "This terminal's key was revoked by the central office: sending has stopped. Call the supervisor.",
    hi: 'केंद्रीय कार्यालय ने इस टर्मिनल की कुंजी रद्द कर दी है: भेजना रुक गया है। पर्यवेक्षक को बुलाएँ।',
  },
  HEAD_CHECK_REQUIRED: {
    en: 'This ledger was restored or moved, or its head mark is missing or damaged: connect to the central server once (enroll the terminal first if it never was) so it can check that nothing newer is held there. Payments wait until then.',
    hi: 'यह लेजर बहाल या स्थानांतरित किया गया है, या इसका हेड मार्क गायब या खराब है: एक बार केंद्रीय सर्वर से जोड़ें (टर्मिनल कभी जुड़ा न हो तो पहले उसे जोड़ें) ताकि जाँच हो सके कि वहाँ कुछ नया तो नहीं है। तब तक भुगतान रुके रहेंगे।',
  },
  LEDGER_BEHIND_CENTRAL: {
    en: 'This ledger ends at no. {localSeq} but the central server holds up to no. {centralSeq}: it was restored from an older copy. New payments are refused. Call the supervisor.',
    hi: 'यह लेजर क्रमांक {localSeq} पर समाप्त होता है पर केंद्रीय सर्वर पर क्रमांक {centralSeq} तक है: यह पुरानी कॉपी से बहाल हुआ है। नए भुगतान अस्वीकार। पर्यवेक्षक को बुलाएँ।',
  },
  CLOCK_BEHIND_JOURNAL: {
    en: 'This PC’s clock says {now} IST, earlier than the last entry in the ledger ({last} IST): the clock was set back. Nothing was recorded. Correct the PC’s date and time (time zone Asia/Kolkata), then try again.',
    hi: 'इस पीसी की घड़ी {now} IST बता रही है, जो लेजर की अंतिम प्रविष्टि ({last} IST) से पहले है: घड़ी पीछे की गई है। कुछ दर्ज नहीं हुआ। पीसी की तारीख और समय (समय क्षेत्र Asia/Kolkata) ठीक करें, फिर से प्रयास करें।',
  },
  DAY_CLOSED: {
    en: 'The day {date} is closed (Z report printed): nothing more can be recorded for it. Payments continue on the next day.',
    hi: 'दिन {date} बंद हो चुका है (Z रिपोर्ट छप चुकी): इस दिन का अब कुछ दर्ज नहीं हो सकता। भुगतान अगले दिन से लें।',
  },
  DAY_ALREADY_CLOSED: {
    en: 'The day {date} was already closed by {by}. Its Z report can be printed again from the day view.',
    hi: 'दिन {date} को {by} पहले ही बंद कर चुके हैं। इसकी Z रिपोर्ट दिन के सारांश से दोबारा छप सकती है।',
  },
  DAY_HAS_OPEN_SHIFTS: {
    en: 'The day {date} still has open shifts ({shifts}): each cashier closes their shift first.',
    hi: 'दिन {date} की पालियाँ अभी खुली हैं ({shifts}): पहले हर कैशियर अपनी पाली बंद करे।',
  },
  DAY_NOT_STARTED: {
    en: 'The day {date} has not begun yet; only today or an earlier day can be closed.',
    hi: 'दिन {date} अभी शुरू नहीं हुआ; केवल आज या पहले का दिन बंद हो सकता है।',
  },
  DEPOSIT_SLIP_DUPLICATE: {
    en: 'Deposit slip {slipNo} of {bank} is already recorded (for {date}).',
    hi: '{bank} की जमा पर्ची {slipNo} पहले से दर्ज है ({date} के लिए)।',
  },
  DEPOSIT_DATE_INVALID: {
    en: 'A deposit for the day {date} is made on that day or later, and not after today: {depositedOn} does not fit.',
    hi: '{date} की जमा उसी दिन या बाद में होती है, आज के बाद नहीं: {depositedOn} सही नहीं।',
  },
  CHEQUE_NOT_RETURNABLE: {
    en: 'Receipt {receiptNo} is not a cheque or DD that stands (it is {what}); only those can be marked returned.',
    hi: 'रसीद {receiptNo} मान्य चेक या डीडी नहीं है ({what}); केवल उन्हें लौटाया हुआ चिह्नित कर सकते हैं।',
  },
  CHEQUE_ALREADY_RETURNED: {
    en: 'The cheque of receipt {receiptNo} was already marked returned on {date}.',
    hi: 'रसीद {receiptNo} का चेक {date} को पहले ही लौटाया हुआ चिह्नित है।',
  },
  SETTLEMENT_MAPPING_REQUIRED: {
    en: 'Say which columns of the {source} file hold the reference, amount and date (its columns: {columns}).',
    hi: '{source} फ़ाइल के कौन से कॉलम में संदर्भ, राशि और तारीख है, बताएँ (इसके कॉलम: {columns})।',
  },
  SETTLEMENT_FILE_INVALID: {
    en: 'The settlement file cannot be read at line {line}: {detail}. Nothing was imported.',
    hi: 'सेटलमेंट फ़ाइल पंक्ति {line} पर पढ़ी नहीं जा सकी: {detail}। कुछ आयात नहीं हुआ।',
  },
  KEY_MISMATCH: {
    en: 'The key in {where} is not this terminal’s key (the ledger names key {expected}, found {found}). Nothing was recorded. Call the supervisor.',
    hi: '{where} की कुंजी इस टर्मिनल की नहीं है (लेजर में कुंजी {expected}, मिली {found})। कुछ दर्ज नहीं हुआ। पर्यवेक्षक को बुलाएँ।',
  },
  KEY_ROTATION_FAILED: {
    en: 'The terminal key was not changed: {detail}. The old key stays in force; nothing was recorded.',
    hi: 'टर्मिनल की कुंजी नहीं बदली: {detail}। पुरानी कुंजी ही लागू है; कुछ दर्ज नहीं हुआ।',
  },
  RESTORE_KEY_ROTATED_SINCE: {
    en: 'This copy was made before the terminal key was changed (the copy’s key is {copy}, this terminal’s is {here}): restoring it would lose the entries since. Nothing was changed.',
    hi: 'यह कॉपी टर्मिनल की कुंजी बदलने से पहले की है (कॉपी की कुंजी {copy}, इस टर्मिनल की {here}): इसे बहाल करने से उसके बाद की प्रविष्टियाँ खो जाएँगी। कुछ नहीं बदला।',
  },
  RESTORE_COPY_INVALID: {
    en: 'This copy cannot be restored: {detail}. Nothing was changed.',
    hi: 'यह कॉपी बहाल नहीं हो सकती: {detail}। कुछ नहीं बदला।',
  },
  RESTORE_OTHER_TERMINAL: {
    en: 'This copy belongs to terminal {copy}, not to this terminal ({here}). Nothing was changed.',
    hi: 'यह कॉपी टर्मिनल {copy} की है, इस टर्मिनल ({here}) की नहीं। कुछ नहीं बदला।',
  },
  RESTORE_OLDER_THAN_MARK: {
    en: 'This copy ends at entry {copySeq}, but this terminal recorded up to {markSeq}: restoring it would lose those receipts. Recover the current database, or call support. Nothing was changed.',
    hi: 'यह कॉपी प्रविष्टि {copySeq} पर समाप्त होती है, पर इस टर्मिनल ने {markSeq} तक दर्ज किया है: इसे बहाल करने से वे रसीदें खो जाएँगी। मौजूदा डेटाबेस बचाएँ या सहायता को बुलाएँ। कुछ नहीं बदला।',
  },
  RESTORE_DIFFERS_FROM_MARK: {
    en: 'This copy holds a different entry at no. {markSeq} from the one this terminal recorded there: it is not a copy of this ledger. Nothing was changed. Call support.',
    hi: 'इस कॉपी में क्रमांक {markSeq} पर वह प्रविष्टि नहीं है जो इस टर्मिनल ने वहाँ दर्ज की थी: यह इस लेजर की कॉपी नहीं है। कुछ नहीं बदला। सहायता को बुलाएँ।',
  },
  RESTORE_HEAD_UNCONFIRMED: {
    en: 'This terminal’s head mark (its record of the last entry) is missing or damaged, and the central server did not confirm this copy ({centre}): restoring it could give out again receipt numbers that consumers already hold. Nothing was changed. Connect to the central server and restore again, or call support.',
    hi: 'इस टर्मिनल का हेड मार्क (अंतिम प्रविष्टि का रिकॉर्ड) गायब या खराब है, और केंद्रीय सर्वर ने इस कॉपी की पुष्टि नहीं की ({centre}): इसे बहाल करने से वे रसीद संख्याएँ दोबारा दी जा सकती हैं जो उपभोक्ताओं के पास हैं। कुछ नहीं बदला। केंद्रीय सर्वर से जोड़कर फिर से बहाल करें, या सहायता को बुलाएँ।',
  },
  UNTRUSTED_CALLER: {
    en: 'This request did not come from the Counterfoil window and was refused.',
    hi: 'यह अनुरोध Counterfoil विंडो से नहीं आया, इसलिए अस्वीकार किया गया।',
  },
  WEB_SHELL_LOGGED_OUT: {
    en: 'This window is not logged in to the terminal service (it was restarted, or the link was already used). Open the new login link it printed: press Enter in its window for one.',
    hi: 'यह विंडो टर्मिनल सेवा से जुड़ी नहीं है (सेवा फिर से शुरू हुई, या लिंक पहले ही इस्तेमाल हो चुका है)। सेवा ने जो नया लॉग इन लिंक दिखाया है, उसे खोलें: नए लिंक के लिए उसकी विंडो में Enter दबाएँ।',
  },
  INTERNAL: {
    en: 'Something went wrong inside the terminal: {detail}. Nothing was recorded.',
    hi: 'टर्मिनल में आंतरिक त्रुटि: {detail}। कुछ दर्ज नहीं हुआ।',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type ErrorCode = keyof typeof ERROR_TEXT;
export const ERROR_CODES = Object.keys(ERROR_TEXT) as ErrorCode[];

export type ErrorParams = Record<string, string | number>;

export interface AppError {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
}

export function errorText(code: ErrorCode, params: ErrorParams = {}, lang: Lang = 'en'): string {
  return ERROR_TEXT[code][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The coded error whose English text this is, or null: for words stored as text only (sync's stop
 * reason), so a screen can still say them in Hindi.
 */
export function errorFromText(message: string, codes: readonly ErrorCode[] = ERROR_CODES): AppError | null {
  for (const code of codes) {
    const names: string[] = [];
    const pattern = ERROR_TEXT[code].en
      .split(/\{(\w+)\}/)
      .map((part, i) => (i % 2 === 1 ? (names.push(part), '(.+?)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const m = new RegExp(`^${pattern}$`).exec(message);
    if (m) return appError(code, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
  }
  return null;
}

export function appError(code: ErrorCode, params: ErrorParams = {}): AppError {
  return { code, message: errorText(code, params), ...(Object.keys(params).length ? { params } : {}) };
}

/** Thrown inside the core, turned into an {ok:false} result at the contract boundary. */
export class CounterfoilError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(errorText(code, params));
    this.name = 'CounterfoilError';
    this.code = code;
    this.params = params;
  }
  toAppError(): AppError {
    return appError(this.code, this.params);
  }
}
