// i18n.js — every word of the interface in Kazakh, Russian and English;
// the language is chosen from navigator.languages, switchable, and kept in
// sessionStorage for the tab. Dates are shown DD.MM.YYYY in all three.
//
// SECRECY LABELS (Art. 18.2 of the Law; SPEC.md §2 "Degree / label"). The
// API's three degrees are shown with the words of the Law in each language:
//
//   API value            kk (Law, kk text)   ru (Law, ru text)       en (Law, en text)
//   special_importance   «Аса маңызды»       «Особой важности»       "Special importance"
//   top_secret           «Өте құпия»         «Совершенно секретно»   "Top secret"
//   confidential         «Құпия»             «Секретно»              "Confidential"
//
// The first two mark state secrets, the third an official secret (Art. 18.2:
// "Қызметтік құпияны құрайтын мәліметтерге «құпия» деген құпиялылық белгісі
// беріледі"; the Russian text of the Law gives «секретно» to official
// secrets, and the English translation renders it "confidential"). Russian
// «Для служебного пользования» is NOT used: it is not a label of this Law,
// and Art. 18.2 forbids any other restrictive label. The banner shows the
// label in capitals, as it is stamped on carriers.

export const LANGS = ['kk', 'ru', 'en'];
const IDX = { en: 0, ru: 1, kk: 2 };
const LANG_KEY = 'qupiya.lang';

// Degrees in ascending order (confidential < top_secret < special_importance).
export const DEGREES = ['confidential', 'top_secret', 'special_importance'];

function pick() {
  const saved = sessionStorage.getItem(LANG_KEY);
  if (saved && LANGS.includes(saved)) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

let lang = pick();

export function getLang() { return lang; }

export function setLang(l) {
  if (!LANGS.includes(l)) return;
  lang = l;
  sessionStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l;
}

// Keys asked for but missing in the current language (the browser test
// asserts none on every screen).
export const missing = new Set();
// Enumeration values from the server this interface has no word for yet
// (shown as they are; reported by the browser test, not failed).
export const unknown = new Set();
window.__qupiyaMissing = missing;
window.__qupiyaUnknown = unknown;

// Plural forms by Intl.PluralRules of the language: key + '.one', '.few',
// '.many' or '.other' (kk and en need one/other, ru one/few/many).
export function tp(key, n, vars) {
  const cat = new Intl.PluralRules(lang).select(n);
  const k = D[key + '.' + cat] ? key + '.' + cat : key + '.other';
  return t(k, Object.assign({ n }, vars || {}));
}

export function t(key, vars) {
  const row = D[key];
  let s = row ? row[IDX[lang]] : undefined;
  if (s === undefined || s === null) {
    missing.add(lang + ':' + key);
    s = row ? row[0] : key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}

// A value of an enumeration from the server (state, kind, ...): its word,
// or the value itself when this interface does not know it yet.
export function tv(group, value) {
  if (value === undefined || value === null || value === '') return '—';
  const key = group + '.' + value;
  if (!D[key]) { unknown.add(key); return String(value); }
  return t(key);
}

export function labelName(degree) { return tv('label', degree); }

// 'YYYY-MM-DD' -> 'DD.MM.YYYY' (other text unchanged).
export function fmtDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(d || ''));
  return m ? m[3] + '.' + m[2] + '.' + m[1] : String(d || '');
}

// A timestamp (ISO text or milliseconds) -> 'DD.MM.YYYY HH:MM:SS' in UTC.
export function fmtDateTime(v) {
  if (v === undefined || v === null || v === '') return '—';
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v));
  if (isNaN(d.getTime())) return String(v);
  const p = n => String(n).padStart(2, '0');
  return p(d.getUTCDate()) + '.' + p(d.getUTCMonth() + 1) + '.' + d.getUTCFullYear() + ' ' +
    p(d.getUTCHours()) + ':' + p(d.getUTCMinutes()) + ':' + p(d.getUTCSeconds()) + ' UTC';
}

// 'DD.MM.YYYY' or 'YYYY-MM-DD' -> 'YYYY-MM-DD', or null when not a date.
export function parseDate(s) {
  s = String(s || '').trim();
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  let y, mo, d;
  if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) { y = +m[1]; mo = +m[2]; d = +m[3]; } else return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return y + '-' + String(mo).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

// An article reference of a refusal as the reader of each language writes
// it: "29.2" -> "Art. 29.2" / "ст. 29.2" / "29.2-бап";
// "R743 p.7" -> the paragraph of the Rules of Decree No. 743.
export function articleText(a) {
  if (!a) return '';
  return String(a).split(/[;,]\s*/).map(part => {
    let m = /^R743\s*p\.?\s*(.+)$/.exec(part);
    if (m) return t('art.r743', { p: m[1] });
    m = /^news\s*(\d{4})$/.exec(part);
    if (m) return t('art.news', { y: m[1] });
    if (/^\d/.test(part)) return t('art', { a: part });
    return part;
  }).join('; ');
}

// The words of index.html outside <main>.
export function applyStatic() {
  document.documentElement.lang = lang;
  const set = (id, key) => { const el = document.getElementById(id); if (el) el.textContent = t(key); };
  set('skip', 'skip');
  set('lang-label', 'language');
  set('logout', 'logout');
  const nav = document.getElementById('nav');
  if (nav) nav.setAttribute('aria-label', t('nav.label'));
  const b = document.getElementById('banner');
  if (b) b.setAttribute('aria-label', t('banner.caption'));
}

// key: [en, ru, kk]
const D = {
  // ---- shell
  'skip': ['Skip to content', 'Перейти к содержанию', 'Мазмұнға өту'],
  'language': ['Language', 'Язык', 'Тіл'],
  'logout': ['Log out', 'Выйти', 'Шығу'],
  'nav.label': ['Main menu', 'Главное меню', 'Негізгі мәзір'],
  'nav.dashboard': ['Deadlines', 'Сроки', 'Мерзімдер'],
  'nav.carriers': ['Carrier registry', 'Реестр носителей', 'Тасығыштар тізілімі'],
  'nav.inventories': ['Inventories', 'Проверки наличия', 'Түгендеулер'],
  'nav.read': ['Read a carrier', 'Чтение носителя', 'Тасығышты оқу'],
  'nav.persons': ['Persons and clearances', 'Лица и допуски', 'Тұлғалар және рұқсаттар'],
  'nav.orgs': ['Organizations and permits', 'Организации и разрешения', 'Ұйымдар және рұқсатнамалар'],
  'nav.classification': ['Classification', 'Засекречивание', 'Құпияландыру'],
  'nav.joint': ['Joint works', 'Совместные работы', 'Бірлескен жұмыстар'],
  'nav.foreign': ['Foreign transfers', 'Передача иностранным государствам', 'Шет мемлекеттерге беру'],
  'nav.requests': ['Declassification requests', 'Запросы о рассекречивании', 'Құпиясыздандыру туралы сұраулар'],
  'nav.incidents': ['Incidents', 'Инциденты', 'Оқиғалар'],
  'nav.audit': ['Audit log', 'Журнал аудита', 'Аудит журналы'],
  'nav.why': ['Why? Access check', 'Почему? Проверка доступа', 'Неге? Қолжетімділікті тексеру'],
  'nav.users': ['Accounts', 'Учётные записи', 'Есептік жазбалар'],
  'banner.caption': ['Highest secrecy label on this screen', 'Высший гриф секретности на экране', 'Осы экрандағы ең жоғары құпиялылық белгісі'],
  'art': ['Art. {a}', 'ст. {a}', '{a}-бап'],
  'art.r743': ['Rules No. 743, p. {p}', 'Правила № 743, п. {p}', '№ 743 Қағидалар, {p}-тармақ'],
  'art.news': ['news of {y}', 'новость {y} г.', '{y} ж. жаңалығы'],

  // ---- common words
  'loading': ['Loading…', 'Загрузка…', 'Жүктелуде…'],
  'empty': ['Nothing here yet.', 'Пока ничего нет.', 'Әзірге ештеңе жоқ.'],
  'unavailable': ['Not available on this server yet.', 'На этом сервере пока недоступно.', 'Бұл серверде әзірге қолжетімсіз.'],
  'save': ['Save', 'Сохранить', 'Сақтау'],
  'saved': ['Saved.', 'Сохранено.', 'Сақталды.'],
  'search': ['Search', 'Найти', 'Іздеу'],
  'more': ['Next page', 'Следующая страница', 'Келесі бет'],
  'previous': ['Previous page', 'Предыдущая страница', 'Алдыңғы бет'],
  'print': ['Print', 'Печать', 'Басып шығару'],
  'actions': ['Actions', 'Действия', 'Әрекеттер'],
  'yes': ['yes', 'да', 'иә'],
  'no': ['no', 'нет', 'жоқ'],
  'date.placeholder': ['DD.MM.YYYY', 'ДД.ММ.ГГГГ', 'КК.АА.ЖЖЖЖ'],
  'error.date': ['Enter a date as DD.MM.YYYY.', 'Введите дату в виде ДД.ММ.ГГГГ.', 'Күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз.'],
  'error.unexpected': ['Error:', 'Ошибка:', 'Қате:'],
  'refused.rule': ['Refused by the Law:', 'Отказано по закону:', 'Заң бойынша бас тартылды:'],
  'refused.step': ['Not at this step:', 'Не на этом шаге:', 'Бұл қадамда емес:'],
  'refused.role': ['Not allowed:', 'Не разрешено:', 'Рұқсат етілмейді:'],
  'refused.notfound': ['Not found:', 'Не найдено:', 'Табылмады:'],
  'refused.input': ['Check the input:', 'Проверьте данные:', 'Деректерді тексеріңіз:'],
  'refused.throttled': ['Too many attempts:', 'Слишком много попыток:', 'Тым көп әрекет:'],
  'refused.network': ['No connection to the server:', 'Нет связи с сервером:', 'Сервермен байланыс жоқ:'],
  'refused.other': ['The server failed:', 'Сбой сервера:', 'Сервер қатесі:'],
  'refused.login': ['Sign-in refused:', 'Вход не выполнен:', 'Кіру орындалмады:'],
  'refused.session': ['Sign in again:', 'Войдите снова:', 'Қайта кіріңіз:'],
  'refused.duplicate': ['Already registered:', 'Уже зарегистрировано:', 'Бұрыннан тіркелген:'],
  'form.choose': ['— choose —', '— выберите —', '— таңдаңыз —'],
  'file.choose': ['Choose file…', 'Выбрать файл…', 'Файлды таңдау…'],
  'file.none': ['No file chosen', 'Файл не выбран', 'Файл таңдалмаған'],
  'confirm.destroy': ['Destroy carrier {what}? The act is final.', 'Уничтожить носитель {what}? Акт необратим.', '{what} тасығышын жою керек пе? Акт қайтарылмайды.'],
  'confirm.terminate': ['Terminate the clearance of {who}?', 'Прекратить допуск лица {who}?', '{who} рұқсаттамасын тоқтату керек пе?'],
  'confirm.cancel_permit': ['Cancel permit {what}?', 'Аннулировать разрешение {what}?', '{what} рұқсатнамасын жою керек пе?'],
  'confirm.liquidate': ['Record the liquidation of {what}? It acts no more afterwards.', 'Зарегистрировать ликвидацию {what}? После этого организация больше не действует.', '{what} таратылуын тіркеу керек пе? Одан кейін ұйым әрекет етпейді.'],
  'confirm.cancel_jw': ['Cancel the joint work with {what}?', 'Отменить совместную работу с {what}?', '{what} бірлескен жұмысын тоқтату керек пе?'],
  'hint.multi': ['Hold Ctrl to choose several.', 'Удерживайте Ctrl, чтобы выбрать несколько.', 'Бірнешеуін таңдау үшін Ctrl пернесін басып тұрыңыз.'],
  'hint.ids': ['Identifiers, separated by commas.', 'Идентификаторы через запятую.', 'Үтірмен бөлінген идентификаторлар.'],
  'hint.declassify_default': ['Empty: the latest date of the information it carries.', 'Пусто: самая поздняя дата содержащихся сведений.', 'Бос болса: ондағы мәліметтердің ең кеш күні.'],
  'hint.iin': ['12 digits, for citizens of Kazakhstan.', '12 цифр, для граждан Казахстана.', 'Қазақстан азаматтары үшін 12 цифр.'],
  'hint.passport': ['For foreigners and stateless persons.', 'Для иностранцев и лиц без гражданства.', 'Шетелдіктер мен азаматтығы жоқ адамдар үшін.'],
  'hint.bin': ['12 digits with the control digit.', '12 цифр с контрольной цифрой.', 'Бақылау цифры бар 12 цифр.'],
  'hint.treaty': ['Required for foreigners and stateless persons (Art. 29.4).', 'Обязательно для иностранцев и лиц без гражданства (ст. 29.4).', 'Шетелдіктер мен азаматтығы жоқ адамдар үшін міндетті (29.4-бап).'],
  'hint.list_item': ['An item of an approved list, or mark the classification preliminary.', 'Пункт утверждённого перечня или отметьте предварительное засекречивание.', 'Бекітілген тізбенің тармағы немесе алдын ала құпияландыруды белгілеңіз.'],
  'hint.topics': ['Topics of Art. 17.1 are never classified.', 'Сведения по темам ст. 17.1 не засекречиваются.', '17.1-баптың тақырыптары ешқашан құпияландырылмайды.'],
  'hint.term': ['At most 30 years after the classification (Art. 20.3).', 'Не более 30 лет после засекречивания (ст. 20.3).', 'Құпияландырудан кейін 30 жылдан аспайды (20.3-бап).'],
  'hint.executor_person': ['Instead of an organization: the person id of a citizen executor.', 'Вместо организации: идентификатор лица-исполнителя.', 'Ұйымның орнына: орындаушы азаматтың идентификаторы.'],
  'hint.copies': ['Copy numbers, separated by commas; empty: every copy.', 'Номера экземпляров через запятую; пусто: все экземпляры.', 'Даналарының нөмірлері үтір арқылы; бос болса: барлық даналар.'],
  'hint.agreed_with': ['The disposing bodies the proposal is agreed with.', 'Распорядители, с которыми согласовано предложение.', 'Ұсыныс келісілген иелік етуші органдар.'],
  'hint.gov_ref': ['The Government decision.', 'Решение Правительства.', 'Үкімет шешімі.'],
  'hint.treaty_instead': ['Or the treaty that provides otherwise (Art. 27.3).', 'Или международный договор, устанавливающий иное (ст. 27.3).', 'Немесе өзгеше көздейтін халықаралық шарт (27.3-бап).'],
  'hint.foreign_recipient': ['A foreign state or an international organization.', 'Иностранное государство или международная организация.', 'Шет мемлекет немесе халықаралық ұйым.'],
  'hint.password': ['12 to 1024 characters.', 'От 12 до 1024 символов.', '12-ден 1024 таңбаға дейін.'],

  // ---- login
  'login.title': ['Sign in', 'Вход', 'Кіру'],
  'login.login': ['Login', 'Логин', 'Логин'],
  'login.password': ['Password', 'Пароль', 'Құпиясөз'],
  'login.submit': ['Sign in', 'Войти', 'Кіру'],
  'login.ended.idle': ['The session ended after 30 minutes without activity.', 'Сеанс завершён после 30 минут бездействия.', 'Сеанс 30 минут әрекетсіздіктен кейін аяқталды.'],
  'login.ended.expired': ['The session has ended. Sign in again.', 'Сеанс завершён. Войдите снова.', 'Сеанс аяқталды. Қайта кіріңіз.'],

  // ---- roles
  'role.admin': ['administrator', 'администратор', 'әкімші'],
  'role.security_officer': ['security officer', 'сотрудник подразделения защиты', 'қорғау бөлімшесінің қызметкері'],
  'role.head': ['head', 'руководитель', 'басшы'],
  'role.classifier': ['classifying official', 'должностное лицо, засекречивающее сведения', 'құпияландыратын лауазымды адам'],
  'role.employee': ['employee', 'сотрудник', 'қызметкер'],
  'role.nsc_officer': ['national security authority', 'орган национальной безопасности', 'ұлттық қауіпсіздік органы'],
  'role.authorized_body': ['authorized body', 'уполномоченный орган', 'уәкілетті орган'],
  'role.archivist': ['archive head', 'руководитель архива', 'мұрағат басшысы'],
  'role.auditor': ['auditor', 'аудитор', 'аудитор'],
  'role.citizen': ['citizen', 'гражданин', 'азамат'],

  // ---- secrecy labels (see the table at the top)
  'label.special_importance': ['Special importance', 'Особой важности', 'Аса маңызды'],
  'label.top_secret': ['Top secret', 'Совершенно секретно', 'Өте құпия'],
  'label.confidential': ['Confidential', 'Секретно', 'Құпия'],

  // ---- fields
  'field.id': ['Identifier', 'Идентификатор', 'Идентификатор'],
  'field.account_number': ['Account number', 'Учётный номер', 'Есепке алу нөмірі'],
  'field.title': ['Title', 'Наименование', 'Атауы'],
  'field.kind': ['Kind', 'Вид', 'Түрі'],
  'field.label': ['Secrecy label', 'Гриф секретности', 'Құпиялылық белгісі'],
  'field.degree': ['Degree of secrecy', 'Степень секретности', 'Құпиялылық дәрежесі'],
  'field.state': ['State', 'Состояние', 'Күйі'],
  'field.holder': ['Holder', 'Держатель', 'Ұстаушы'],
  'field.holder_org': ['Holding organization', 'Организация-держатель', 'Ұстаушы ұйым'],
  'field.copies': ['Copies', 'Экземпляры', 'Даналар'],
  'field.copy_number': ['Copy No.', 'Экз. №', 'Дана №'],
  'field.copy_numbers': ['Copy numbers', 'Номера экземпляров', 'Даналардың нөмірлері'],
  'field.sheets': ['Sheets', 'Листов', 'Парақтар'],
  'field.registered_on': ['Registered on', 'Дата регистрации', 'Тіркелген күні'],
  'field.declassify_on': ['Declassify on', 'Срок рассекречивания', 'Құпиясыздандыру мерзімі'],
  'field.information_ids': ['Information carried', 'Содержащиеся сведения', 'Қамтылған мәліметтер'],
  'field.source_carrier_ids': ['Made from carriers', 'Изготовлен из носителей', 'Жасалған тасығыштар'],
  'field.effective_date': ['Date of the act', 'Дата акта', 'Актінің күні'],
  'field.org_id': ['Organization', 'Организация', 'Ұйым'],
  'field.person_id': ['Person', 'Лицо', 'Тұлға'],
  'field.carrier_id': ['Carrier identifier', 'Идентификатор носителя', 'Тасығыштың идентификаторы'],
  'field.carrier_ids': ['Carriers', 'Носители', 'Тасығыштар'],
  'field.carriers': ['Carriers', 'Носители', 'Тасығыштар'],
  'field.persons': ['Persons', 'Лица', 'Тұлғалар'],
  'field.date': ['Date', 'Дата', 'Күні'],
  'field.act_number': ['Act number', 'Номер акта', 'Акт нөмірі'],
  'field.archive_ref': ['Archive reference', 'Архивный номер', 'Мұрағаттық нөмір'],
  'field.full_name': ['Full name', 'ФИО', 'Т.А.Ә.'],
  'field.iin': ['IIN', 'ИИН', 'ЖСН'],
  'field.passport': ['Passport', 'Паспорт', 'Төлқұжат'],
  'field.citizenship': ['Citizenship', 'Гражданство', 'Азаматтығы'],
  'field.position': ['Position', 'Должность', 'Лауазымы'],
  'field.employment_state': ['Employment', 'Трудовые отношения', 'Еңбек қатынастары'],
  'field.form': ['Form of clearance', 'Форма допуска', 'Рұқсат нысаны'],
  'field.treaty_ref': ['International treaty', 'Международный договор', 'Халықаралық шарт'],
  'field.contract_number': ['Contract No.', 'Договор №', 'Шарт №'],
  'field.restriction_until': ['Restrictions until', 'Ограничения до', 'Шектеулер мерзімі'],
  'field.decision': ['Decision', 'Решение', 'Шешім'],
  'field.reason': ['Reason', 'Основание', 'Негіз'],
  'field.verified_on': ['Verified on', 'Дата проверки', 'Тексерілген күні'],
  'field.verification': ['Verification', 'Проверка', 'Тексеру'],
  'field.ground': ['Ground', 'Основание', 'Негіз'],
  'field.noted_on': ['Noted on', 'Дата установления', 'Анықталған күні'],
  'field.details': ['Details', 'Подробности', 'Толығырақ'],
  'field.country': ['Country', 'Страна', 'Ел'],
  'field.depart_on': ['Departure', 'Выезд', 'Кету'],
  'field.return_on': ['Return', 'Возвращение', 'Оралу'],
  'field.code': ['Code', 'Код', 'Коды'],
  'field.article': ['Article', 'Статья', 'Бап'],
  'field.name': ['Name', 'Наименование', 'Атауы'],
  'field.bin': ['BIN', 'БИН', 'БСН'],
  'field.parent_id': ['Parent organization', 'Вышестоящая организация', 'Жоғары тұрған ұйым'],
  'field.city': ['City', 'Город', 'Қала'],
  'field.foreign_participation': ['Foreign participation', 'Иностранное участие', 'Шетелдік қатысу'],
  'field.state_share': ['State share, %', 'Доля государства, %', 'Мемлекет үлесі, %'],
  'field.regime_category': ['Regime category', 'Режимная категория', 'Режимдік санат'],
  'field.number': ['Number', 'Номер', 'Нөмірі'],
  'field.issued_on': ['Issued on', 'Дата выдачи', 'Берілген күні'],
  'field.valid_until': ['Valid until', 'Действует до', 'Жарамдылық мерзімі'],
  'field.means': ['Protection means', 'Средство защиты', 'Қорғау құралы'],
  'field.archive_org_id': ['State archive', 'Государственный архив', 'Мемлекеттік мұрағат'],
  'field.disposing_org_ids': ['Disposing body', 'Распоряжающийся орган', 'Билік етуші орган'],
  'field.ref': ['Reference', 'Реквизиты', 'Деректемелері'],
  'field.successor_org_id': ['Successor', 'Правопреемник', 'Құқықтық мирасқор'],
  'field.basis': ['Basis', 'Основание', 'Негіздеме'],
  'field.classified_on': ['Classified on', 'Дата засекречивания', 'Құпияландырылған күні'],
  'field.topics': ['Topics of Art. 17.1', 'Темы ст. 17.1', '17.1-бап тақырыптары'],
  'field.list_item_id': ['List item', 'Пункт перечня', 'Тізбе тармағы'],
  'field.proposal_on': ['Proposed on', 'Дата предложения', 'Ұсынылған күні'],
  'field.version': ['Version', 'Редакция', 'Нұсқа'],
  'field.approved_on': ['Approved on', 'Дата утверждения', 'Бекітілген күні'],
  'field.next_review_on': ['Next review', 'Следующий пересмотр', 'Келесі қайта қарау'],
  'field.reviewed_on': ['Reviewed on', 'Дата пересмотра', 'Қайта қаралған күні'],
  'field.created_on': ['Created on', 'Дата создания', 'Құрылған күні'],
  'field.code_text': ['Text', 'Текст', 'Мәтін'],
  'field.text': ['Text', 'Текст', 'Мәтін'],
  'field.authorized_body_ref': ['Coordination with the authorized body', 'Согласование с уполномоченным органом', 'Уәкілетті органмен келісу'],
  'field.nsc_ref': ['Coordination with the national security authority', 'Согласование с органом национальной безопасности', 'Ұлттық қауіпсіздік органымен келісу'],
  'field.conclusion_ref': ['Conclusion of the authorized body', 'Заключение уполномоченного органа', 'Уәкілетті органның қорытындысы'],
  'field.court_ref': ['Court decision', 'Решение суда', 'Сот шешімі'],
  'field.customer_org_id': ['Customer', 'Заказчик', 'Тапсырыс беруші'],
  'field.executor': ['Executor', 'Исполнитель', 'Орындаушы'],
  'field.executor_org_id': ['Executor organization', 'Организация-исполнитель', 'Орындаушы ұйым'],
  'field.executor_person_id': ['Executor citizen', 'Гражданин-исполнитель', 'Орындаушы азамат'],
  'field.disposing_org_id': ['Disposing body', 'Распорядитель сведений', 'Мәліметтерге иелік етуші'],
  'field.justification': ['Justification', 'Обоснование', 'Негіздеме'],
  'field.term': ['Term', 'Срок', 'Мерзімі'],
  'field.term_from': ['Term from', 'Срок с', 'Мерзімі басталуы'],
  'field.term_to': ['Term to', 'Срок по', 'Мерзімі аяқталуы'],
  'field.executor_permit_ref': ["Executor's permit", 'Лицензия исполнителя', 'Орындаушының рұқсатнамасы'],
  'field.executor_clearance_ref': ["Executor's clearance", 'Допуск исполнителя', 'Орындаушының рұқсаты'],
  'field.response_due_on': ['Answer due', 'Срок ответа', 'Жауап мерзімі'],
  'field.annex': ['Annex: carriers', 'Приложение: носители', 'Қосымша: тасығыштар'],
  'field.signed_on': ['Signed on', 'Дата подписания', 'Қол қойылған күні'],
  'field.sent_on': ['Sent on', 'Дата отправки', 'Жіберілген күні'],
  'field.description': ['Description', 'Описание', 'Сипаттамасы'],
  'field.reasons': ['Reasons', 'Мотивы', 'Уәждері'],
  'field.proposer_org_id': ['Proposer', 'Инициатор', 'Ұсынушы'],
  'field.recipient_org_id': ['Receiving party', 'Получающая сторона', 'Алушы тарап'],
  'field.agreed_with': ['Agreed with', 'Согласовано с', 'Келісілді'],
  'field.positive': ['Positive opinion', 'Положительное заключение', 'Оң қорытынды'],
  'field.requester': ['Requester', 'Заявитель', 'Өтініш беруші'],
  'field.subject': ['Subject', 'Предмет запроса', 'Сұрау нысанасы'],
  'field.received_on': ['Received on', 'Дата поступления', 'Түскен күні'],
  'field.due_on': ['Due on', 'Срок', 'Мерзімі'],
  'field.to_org_id': ['Forward to', 'Направить в', 'Жолдау'],
  'field.notice_sent_on': ['Notice sent on', 'Уведомление отправлено', 'Хабарлама жіберілген күні'],
  'field.damage': ['Damage assessment', 'Оценка ущерба', 'Залалды бағалау'],
  'field.confirmed': ['Confirmed', 'Подтверждён', 'Расталды'],
  'field.opened_on': ['Opened on', 'Дата начала', 'Басталған күні'],
  'field.closed_on': ['Closed on', 'Дата завершения', 'Аяқталған күні'],
  'field.roles': ['Roles', 'Роли', 'Рөлдер'],
  'field.password': ['Password', 'Пароль', 'Құпиясөз'],
  'field.login': ['Login', 'Логин', 'Логин'],
  'field.file': ['File', 'Файл', 'Файл'],
  'field.found': ['Found', 'В наличии', 'Табылды'],
  'field.removed': ['Remove', 'Исключить', 'Алып тастау'],
  'field.preliminary': ['Preliminary', 'Предварительно', 'Алдын ала'],
  'field.reason_text': ['Reason', 'Причина', 'Себебі'],

  // ---- enumerations
  'carrier_kind.paper': ['paper document', 'бумажный документ', 'қағаз құжат'],
  'carrier_kind.electronic': ['electronic document', 'электронный документ', 'электрондық құжат'],
  'carrier_kind.media': ['storage medium', 'машинный носитель', 'машиналық тасығыш'],
  'carrier_kind.product': ['product', 'изделие', 'бұйым'],
  'carrier_kind.other': ['other', 'иное', 'басқа'],
  'carrier_state.registered': ['registered', 'зарегистрирован', 'тіркелген'],
  'carrier_state.issued': ['issued', 'выдан', 'берілген'],
  'carrier_state.transferred': ['transferred', 'передан', 'табысталған'],
  'carrier_state.archived': ['archived', 'сдан в архив', 'мұрағатқа тапсырылған'],
  'carrier_state.destroyed': ['destroyed', 'уничтожен', 'жойылған'],
  'carrier_state.lost': ['lost', 'утрачен', 'жоғалған'],
  'carrier_state.declassified': ['declassified', 'рассекречен', 'құпиясыздандырылған'],
  'movement.registered': ['registered', 'зарегистрирован', 'тіркелді'],
  'movement.issued': ['issued', 'выдан', 'берілді'],
  'movement.returned': ['returned', 'возвращён', 'қайтарылды'],
  'movement.destroyed': ['destroyed by act', 'уничтожен по акту', 'акт бойынша жойылды'],
  'movement.archived': ['handed to the archive', 'сдан в архив', 'мұрағатқа тапсырылды'],
  'movement.transferred': ['transferred', 'передан', 'табысталды'],
  'movement.received': ['received', 'получен', 'алынды'],
  'movement.returned_to_customer': ['returned to the customer', 'возвращён заказчику', 'тапсырыс берушіге қайтарылды'],
  'movement.lost': ['lost', 'утрачен', 'жоғалды'],
  'movement.declassified': ['declassified', 'рассекречен', 'құпиясыздандырылды'],
  'movement.extended': ['term extended', 'срок продлён', 'мерзімі ұзартылды'],
  'movement.relabelled': ['relabelled', 'гриф изменён', 'белгісі өзгертілді'],
  'deadline.declassification_due': ['declassification due', 'срок рассекречивания', 'құпиясыздандыру мерзімі'],
  'deadline.preliminary_proposal': ['preliminary classification: proposal', 'предварительное засекречивание: предложение', 'алдын ала құпияландыру: ұсыныс'],
  'deadline.preliminary_decision': ['preliminary classification: decision', 'предварительное засекречивание: решение', 'алдын ала құпияландыру: шешім'],
  'deadline.list_review': ['review of the list', 'пересмотр перечня', 'тізбені қайта қарау'],
  'deadline.request_answer': ['answer to a declassification request', 'ответ на запрос о рассекречивании', 'құпиясыздандыру сұрауына жауап'],
  'deadline.permission_answer': ['answer to a joint-work request', 'ответ на запрос о совместной работе', 'бірлескен жұмыс сұрауына жауап'],
  'deadline.clearance_termination': ['termination of a clearance', 'прекращение допуска', 'рұқсатты тоқтату'],
  'deadline.certificate_expiry': ['expiry of a certificate', 'истечение сертификата', 'сертификаттың мерзімі өтуі'],
  'citizenship.KZ': ['citizen of Kazakhstan', 'гражданин Казахстана', 'Қазақстан азаматы'],
  'citizenship.foreign': ['foreigner', 'иностранец', 'шетелдік'],
  'citizenship.stateless': ['stateless person', 'лицо без гражданства', 'азаматтығы жоқ адам'],
  'employment.employed': ['employed', 'работает', 'жұмыс істейді'],
  'employment.dismissed': ['dismissed', 'уволен', 'жұмыстан босатылған'],
  'employment.transferred': ['transferred', 'переведён', 'ауыстырылған'],
  'clearance_state.registering': ['being registered', 'оформляется', 'ресімделуде'],
  'clearance_state.active': ['active', 'действует', 'жарамды'],
  'clearance_state.refused': ['refused', 'отказано', 'бас тартылды'],
  'clearance_state.terminated': ['terminated', 'прекращён', 'тоқтатылды'],
  'decision.grant': ['granted', 'оформить допуск', 'рұқсат беру'],
  'decision.refuse': ['refused', 'отказать', 'бас тарту'],
  'decided.grant': ['clearance granted', 'допуск оформлен', 'рұқсат ресімделді'],
  'decided.refuse': ['clearance refused', 'в допуске отказано', 'рұқсаттан бас тартылды'],
  'end_reason.violation': ['violation of the regime', 'нарушение режима', 'режимді бұзу'],
  'end_reason.ground': ['ground of Art. 30', 'основание ст. 30', '30-бап негізі'],
  'end_reason.dismissal': ['dismissal', 'увольнение', 'жұмыстан босату'],
  'end_reason.transfer': ['transfer to an unrelated position', 'перевод на несвязанную должность', 'байланыссыз лауазымға ауыстыру'],
  'end_reason.contract_end': ['end of contract', 'окончание договора', 'шарттың аяқталуы'],
  'end_reason.reregistered': ['re-registered to another form', 'переоформлен на другую форму', 'басқа нысанға қайта ресімделді'],
  'verification.passed': ['passed', 'пройдена', 'өтті'],
  'verification.failed': ['failed', 'не пройдена', 'өтпеді'],
  'verification.evaded': ['evaded', 'уклонение', 'жалтарды'],
  'ground.incapacity': ['incapacity', 'недееспособность', 'әрекетке қабілетсіздік'],
  'ground.intentional_crime_conviction': ['conviction for an intentional crime', 'судимость за умышленное преступление', 'қасақана қылмыс үшін сотталғандық'],
  'ground.medical_contraindication': ['medical contraindication', 'медицинские противопоказания', 'медициналық қарсы көрсетілімдер'],
  'ground.residence_abroad': ['permanent residence abroad', 'постоянное проживание за границей', 'шетелде тұрақты тұру'],
  'ground.verification_threat': ['verification found a threat', 'проверкой выявлена угроза', 'тексеру қауіпті анықтады'],
  'ground.restrictions_breached': ['restrictions breached', 'нарушение ограничений', 'шектеулерді бұзу'],
  'ground.corruption_admin_penalty': ['administrative penalty for corruption', 'административное взыскание за коррупцию', 'сыбайлас жемқорлық үшін әкімшілік жаза'],
  'ground.corruption_offense': ['corruption offence', 'коррупционное правонарушение', 'сыбайлас жемқорлық құқық бұзушылығы'],
  'ground.grave_crime_record': ['record of a grave crime', 'судимость за тяжкое преступление', 'ауыр қылмыс үшін сотталғандық'],
  'ground.criminal_group': ['criminal group', 'преступная группа', 'қылмыстық топ'],
  'ground.verification_evasion': ['evasion of verification', 'уклонение от проверки', 'тексеруден жалтару'],
  'ground.false_information': ['false information', 'ложные сведения', 'жалған мәліметтер'],
  'trip_state.requested': ['requested', 'запрошена', 'сұралды'],
  'trip_state.approved': ['approved', 'одобрена', 'мақұлданды'],
  'trip_state.refused': ['refused', 'отказано', 'бас тартылды'],
  'trip_state.departed': ['departed', 'выехал', 'кетті'],
  'trip_state.returned': ['returned', 'вернулся', 'оралды'],
  'org_kind.state_body': ['state body', 'государственный орган', 'мемлекеттік орган'],
  'org_kind.organization': ['organization', 'организация', 'ұйым'],
  'org_kind.foreign_state': ['foreign state', 'иностранное государство', 'шет мемлекет'],
  'org_kind.international_org': ['international organization', 'международная организация', 'халықаралық ұйым'],
  'org_state.active': ['active', 'действует', 'жұмыс істейді'],
  'org_state.reorganizing': ['reorganizing', 'реорганизуется', 'қайта ұйымдастырылуда'],
  'org_state.liquidated': ['liquidated', 'ликвидирована', 'таратылды'],
  'regime.special_regime': ['special regime', 'особорежимная', 'ерекше режимді'],
  'regime.regime': ['regime', 'режимная', 'режимді'],
  'regime.protected': ['protected', 'охраняемая', 'күзетілетін'],
  'permit_state.active': ['active', 'действует', 'жарамды'],
  'permit_state.suspended': ['suspended', 'приостановлена', 'тоқтатыла тұрды'],
  'permit_state.cancelled': ['cancelled', 'отозвана', 'кері қайтарылды'],
  'permit_state.expired': ['expired', 'истекла', 'мерзімі өтті'],
  'info_state.preliminary': ['preliminary', 'предварительно засекречено', 'алдын ала құпияландырылған'],
  'info_state.classified': ['classified', 'засекречено', 'құпияландырылған'],
  'info_state.declassified': ['declassified', 'рассекречено', 'құпиясыздандырылған'],
  'list_state.draft': ['draft', 'проект', 'жоба'],
  'list_state.approved': ['approved', 'утверждён', 'бекітілген'],
  'item_state.active': ['in force', 'действует', 'күшінде'],
  'item_state.removed': ['removed', 'исключён', 'алынып тасталды'],
  'item_state.changed': ['changed', 'изменён', 'өзгертілді'],
  'active_state.active': ['active', 'действует', 'жарамды'],
  'active_state.revoked': ['revoked', 'отозван', 'кері қайтарылды'],
  'prelim_decision.add_to_list': ['add to the list', 'включить в перечень', 'тізбеге енгізу'],
  'prelim_decision.remove_label': ['remove the label', 'снять гриф', 'белгіні алып тастау'],
  'declassify_ground.treaty': ['international treaty', 'международный договор', 'халықаралық шарт'],
  'declassify_ground.circumstances_changed': ['circumstances changed', 'изменение обстоятельств', 'мән-жайлардың өзгеруі'],
  'declassify_ground.list_changed': ['list changed', 'изменение перечня', 'тізбенің өзгеруі'],
  'declassify_ground.term_expired': ['term expired', 'истечение срока', 'мерзімнің өтуі'],
  'declassify_ground.criminal_proceedings': ['use in criminal proceedings', 'использование в уголовном процессе', 'қылмыстық процесте пайдалану'],
  'declassify_ground.court_decision': ['court decision', 'решение суда', 'сот шешімі'],
  'declassify_ground.unreasonable': ['classified unreasonably', 'необоснованно засекречено', 'негізсіз құпияландырылған'],
  'jw_state.requested': ['permission requested', 'запрошено разрешение', 'рұқсат сұралды'],
  'jw_state.permitted': ['permitted', 'разрешено', 'рұқсат етілді'],
  'jw_state.refused': ['refused', 'отказано', 'бас тартылды'],
  'jw_state.agreed': ['agreement signed', 'договор подписан', 'шартқа қол қойылды'],
  'jw_state.notified': ['security authority notified', 'орган безопасности уведомлён', 'қауіпсіздік органы хабардар етілді'],
  'jw_state.active': ['carriers transferred', 'носители переданы', 'тасығыштар табысталды'],
  'jw_state.suspended': ['suspended', 'приостановлена', 'тоқтатыла тұрды'],
  'jw_state.closed': ['closed', 'завершена', 'аяқталды'],
  'jw_state.cancelled': ['cancelled', 'отменена', 'күшін жойды'],
  'permission.granted': ['grant the permission', 'дать разрешение', 'рұқсат беру'],
  'permission.refused': ['refuse', 'отказать', 'бас тарту'],
  'ft_state.proposed': ['proposed', 'предложено', 'ұсынылды'],
  'ft_state.opinion_negative': ['negative expert opinion', 'отрицательное заключение', 'теріс сараптамалық қорытынды'],
  'ft_state.opined': ['expert opinion given', 'заключение дано', 'сараптамалық қорытынды берілді'],
  'ft_state.decided': ['decided', 'решение принято', 'шешім қабылданды'],
  'ft_state.contracted': ['contract concluded', 'договор заключён', 'шарт жасалды'],
  'ft_state.transferred': ['transferred', 'переданы', 'табысталды'],
  'req_state.received': ['received', 'поступил', 'түсті'],
  'req_state.open': ['open', 'на рассмотрении', 'қаралуда'],
  'req_state.answered': ['answered', 'дан ответ', 'жауап берілді'],
  'req_state.forwarded': ['forwarded', 'направлен по компетенции', 'құзыреті бойынша жолданды'],
  'req_decision.declassified': ['declassified', 'рассекретить', 'құпиясыздандыру'],
  'req_decision.refused': ['refused', 'отказать', 'бас тарту'],
  'incident_kind.loss': ['loss', 'утрата', 'жоғалту'],
  'incident_kind.disclosure': ['disclosure', 'разглашение', 'жария ету'],
  'incident_kind.loss_suspected': ['copies not found by an inventory', 'экземпляры не найдены при проверке', 'түгендеуде даналар табылмады'],
  'incident.confirm': ['Confirm', 'Подтвердить', 'Растау'],
  'field.occurred_on': ['Date', 'Дата', 'Күні'],
  'jw.recent': ['Opened in this session', 'Открытые в этом сеансе', 'Осы сеанста ашылғандар'],
  'field.executor_address': ["Executor's address", 'Адрес исполнителя', 'Орындаушының мекенжайы'],
  'field.executor_head': ["Executor's head", 'Руководитель исполнителя', 'Орындаушының басшысы'],
  'field.executor_residence': ["Citizen executor's residence", 'Место жительства исполнителя', 'Орындаушының тұрғылықты жері'],
  'field.received_on_jw': ['Request received on', 'Дата поступления запроса', 'Сұрау түскен күні'],
  'incident_state.open': ['open', 'расследуется', 'тексерілуде'],
  'incident_state.confirmed': ['confirmed', 'подтверждён', 'расталды'],
  'incident_state.closed': ['closed', 'закрыт', 'жабылды'],
  'inventory_state.open': ['in progress', 'идёт', 'жүргізілуде'],
  'inventory_state.closed': ['closed', 'завершена', 'аяқталды'],
  'discrepancy.missing': ['missing', 'отсутствует', 'жоқ'],
  'discrepancy.unexpected': ['not expected here', 'не числится здесь', 'мұнда есепте жоқ'],
  'outcome.ok': ['done', 'выполнено', 'орындалды'],
  'outcome.refused': ['refused', 'отказано', 'бас тартылды'],
  'outcome.granted': ['granted', 'разрешено', 'рұқсат етілді'],
  'outcome.failed': ['failed', 'неудача', 'сәтсіз'],
  'outcome.success': ['done', 'выполнено', 'орындалды'],

  // ---- dashboard
  'deadlines.title': ['Deadlines of the organization', 'Сроки организации', 'Ұйымның мерзімдері'],
  'deadlines.summary': ['{n} open obligations, {over} overdue.', 'Открытых обязательств: {n}, просрочено: {over}.', 'Ашық міндеттемелер: {n}, мерзімі өткені: {over}.'],
  'deadlines.summary.one': ['{n} open obligation, {over} overdue.', '{n} открытое обязательство, просрочено: {over}.', '{n} ашық міндеттеме, мерзімі өткені: {over}.'],
  'deadlines.summary.few': ['{n} open obligations, {over} overdue.', '{n} открытых обязательства, просрочено: {over}.', '{n} ашық міндеттеме, мерзімі өткені: {over}.'],
  'deadlines.summary.many': ['{n} open obligations, {over} overdue.', '{n} открытых обязательств, просрочено: {over}.', '{n} ашық міндеттеме, мерзімі өткені: {over}.'],
  'deadlines.summary.other': ['{n} open obligations, {over} overdue.', '{n} открытого обязательства, просрочено: {over}.', '{n} ашық міндеттеме, мерзімі өткені: {over}.'],
  'deadlines.status': ['Status', 'Статус', 'Мәртебесі'],
  'deadlines.overdue': ['OVERDUE', 'ПРОСРОЧЕНО', 'МЕРЗІМІ ӨТКЕН'],
  'deadlines.open': ['open', 'в срок', 'мерзімінде'],
  'deadlines.due': ['Due on', 'Срок', 'Мерзімі'],
  'deadlines.kind': ['Obligation', 'Обязательство', 'Міндеттеме'],
  'deadlines.object': ['Record', 'Запись', 'Жазба'],
  'deadlines.rule': ['Rule', 'Норма', 'Норма'],
  'deadlines.none': ['No open deadlines.', 'Открытых сроков нет.', 'Ашық мерзімдер жоқ.'],

  // ---- carriers
  'carriers.title': ['Carrier registry', 'Реестр носителей', 'Тасығыштар тізілімі'],
  'carriers.filters': ['Search and filters', 'Поиск и фильтры', 'Іздеу және сүзгілер'],
  'carriers.journal': ['Carrier registration journal', 'Журнал учёта носителей', 'Тасығыштарды тіркеу журналы'],
  'carriers.none': ['No carriers match.', 'Носителей не найдено.', 'Тасығыштар табылмады.'],
  'carriers.register': ['Register a carrier', 'Регистрация носителя', 'Тасығышты тіркеу'],
  'carriers.register.submit': ['Register', 'Зарегистрировать', 'Тіркеу'],
  'carrier.title': ['Carrier', 'Носитель', 'Тасығыш'],
  'carrier.record': ['Registry record', 'Учётная запись', 'Есепке алу жазбасы'],
  'carrier.copies': ['Copies and holders', 'Экземпляры и держатели', 'Даналар және ұстаушылар'],
  'carrier.in_registry': ['in the registry', 'в подразделении', 'бөлімшеде'],
  'carrier.issue': ['Issue', 'Выдать', 'Беру'],
  'carrier.return': ['Take back', 'Принять обратно', 'Қайтарып алу'],
  'carrier.close': ['Destruction and archiving', 'Уничтожение и сдача в архив', 'Жою және мұрағатқа тапсыру'],
  'carrier.destroy': ['Destroy by act', 'Уничтожить по акту', 'Акт бойынша жою'],
  'carrier.destroy.submit': ['Destroy', 'Уничтожить', 'Жою'],
  'carrier.archive.title': ['Hand to the archive', 'Сдать в архив', 'Мұрағатқа тапсыру'],
  'carrier.archive.submit': ['Hand over', 'Сдать', 'Тапсыру'],
  'carrier.destruction': ['Destroyed', 'Уничтожен', 'Жойылды'],
  'carrier.archive': ['Archived', 'В архиве', 'Мұрағатта'],
  'carrier.act_of': ['act {act} of {date}', 'акт {act} от {date}', '{date} № {act} акт'],
  'carrier.archived_as': ['{ref} on {date}', '{ref} от {date}', '{date} {ref}'],
  'carrier.more': ['Transfer, term and label', 'Передача, срок и гриф', 'Табыстау, мерзім және белгі'],
  'carrier.transfer': ['Transfer to another organization', 'Передать другой организации', 'Басқа ұйымға табыстау'],
  'carrier.transfer.intro': ['Between bodies not in subordination and not in joint work, the sanction of the disposing body is needed (Art. 25.1); the recipient holds a permit for the label.', 'Между органами, не связанными подчинённостью и совместной работой, нужна санкция распорядителя (ст. 25.1); получатель имеет разрешение на гриф.', 'Бағыныстылықпен және бірлескен жұмыспен байланыспаған органдар арасында иелік етушінің санкциясы қажет (25.1-бап); алушының белгіге рұқсатнамасы бар.'],
  'carrier.transfer.submit': ['Transfer', 'Передать', 'Табыстау'],
  'carrier.relabel': ['Change the label', 'Изменить гриф', 'Белгіні өзгерту'],
  'carrier.relabel.submit': ['Relabel', 'Изменить гриф', 'Белгіні өзгерту'],
  'carrier.extend': ['Extend the declassification term', 'Продлить срок засекречивания', 'Құпиялылық мерзімін ұзарту'],
  'carrier.extend.submit': ['Extend', 'Продлить', 'Ұзарту'],
  'carrier.declassify': ['Declassify the carrier', 'Рассекретить носитель', 'Тасығышты құпиясыздандыру'],
  'carrier.declassify.submit': ['Declassify', 'Рассекретить', 'Құпиясыздандыру'],
  'field.sanction_ref': ['Sanction of the disposing body', 'Санкция распорядителя', 'Иелік етушінің санкциясы'],
  'field.expert_conclusion_ref': ["Expert committee's conclusion", 'Заключение экспертной комиссии', 'Сараптама комиссиясының қорытындысы'],
  'carrier.journal': ['Circulation journal', 'Журнал движения', 'Қозғалыс журналы'],
  'carrier.why': ['Access', 'Доступ', 'Қолжетімділік'],
  'carrier.why.link': ['Why may or may not a person read it?', 'Почему лицо может или не может его читать?', 'Тұлға оны неге оқи алады немесе оқи алмайды?'],
  'journal.event': ['Event', 'Событие', 'Оқиға'],
  'journal.details': ['Details', 'Подробности', 'Толығырақ'],
  'content.title': ['Content', 'Содержимое', 'Мазмұны'],
  'content.upload': ['Upload the content', 'Загрузить содержимое', 'Мазмұнды жүктеу'],
  'content.upload.submit': ['Store encrypted', 'Сохранить в зашифрованном виде', 'Шифрлап сақтау'],
  'content.file': ['File', 'Файл', 'Файл'],
  'content.text': ['Or text', 'Или текст', 'Немесе мәтін'],
  'content.text.hint': ['Used when no file is chosen.', 'Используется, если файл не выбран.', 'Файл таңдалмаса қолданылады.'],
  'content.stored': ['The content is stored encrypted.', 'Содержимое сохранено в зашифрованном виде.', 'Мазмұны шифрланып сақталды.'],
  'content.nothing': ['Choose a file or enter text.', 'Выберите файл или введите текст.', 'Файлды таңдаңыз немесе мәтін енгізіңіз.'],
  'content.read': ['Read the content', 'Прочитать содержимое', 'Мазмұнын оқу'],
  'content.size': ['{n} bytes.', '{n} байт.', '{n} байт.'],
  'content.download': ['Save as a file', 'Сохранить в файл', 'Файлға сақтау'],
  'read.title': ['Read a carrier', 'Чтение носителя', 'Тасығышты оқу'],
  'read.intro': ['Every reading, allowed or refused, is recorded in the audit log.', 'Каждое чтение, разрешённое или нет, записывается в журнал аудита.', 'Әрбір оқу, рұқсат етілген не етілмеген, аудит журналына жазылады.'],
  'read.section': ['Carrier', 'Носитель', 'Тасығыш'],

  'grants.title': ['Need-to-know grants', 'Допуск к конкретным сведениям (необходимость знать)', 'Нақты мәліметтерге рұқсат (білу қажеттілігі)'],
  'grants.intro': ['A current grant for the carrier or one of its information items is needed to read it.', 'Для чтения нужен действующий доступ к носителю или к одному из его сведений.', 'Оқу үшін тасығышқа немесе оның мәліметтерінің біріне қолданыстағы рұқсат қажет.'],
  'grants.from': ['From', 'С', 'Басталуы'],
  'grants.until': ['Until', 'По', 'Аяқталуы'],
  'grants.none': ['No grants for this carrier.', 'Доступов к этому носителю нет.', 'Бұл тасығышқа рұқсаттар жоқ.'],
  'grants.add': ['Grant access to this carrier', 'Предоставить доступ к носителю', 'Тасығышқа рұқсат беру'],
  'grants.add.submit': ['Grant', 'Предоставить', 'Беру'],
  'grants.revoke': ['Revoke a grant before its end', 'Отозвать доступ до окончания срока', 'Рұқсатты мерзімі бітпей кері қайтарып алу'],
  'grants.revoke.submit': ['Revoke', 'Отозвать', 'Кері қайтарып алу'],
  'grants.grant': ['Grant', 'Доступ', 'Рұқсат'],
  'grant_state.active': ['active', 'действует', 'жарамды'],
  'grant_state.revoked': ['revoked', 'отозван', 'кері қайтарылды'],
  'grant_state.expired': ['expired', 'истёк', 'мерзімі өтті'],

  // ---- inventory
  'inventory.title': ['Inventories', 'Проверки наличия', 'Түгендеулер'],
  'inventory.intro': ['A check that every registered copy is where the registry says; missing copies open an incident.', 'Проверка, что каждый учтённый экземпляр находится там, где указано в реестре; отсутствующие экземпляры открывают инцидент.', 'Әрбір есептегі дана тізілімде көрсетілген жерде екенін тексеру; жоқ даналар оқиға ашады.'],
  'inventory.open': ['Start an inventory', 'Начать проверку', 'Түгендеуді бастау'],
  'inventory.open.submit': ['Start', 'Начать', 'Бастау'],
  'inventory.list': ['Inventories', 'Проверки', 'Түгендеулер'],
  'inventory.none': ['No inventories yet.', 'Проверок пока нет.', 'Түгендеулер әлі жоқ.'],
  'inventory.one': ['Inventory', 'Проверка наличия', 'Түгендеу'],
  'inventory.record': ['Inventory', 'Проверка', 'Түгендеу'],
  'inventory.marks': ['Copies marked', 'Отмечено экземпляров', 'Белгіленген даналар'],
  'inventory.check': ['Copies to check', 'Экземпляры для проверки', 'Тексерілетін даналар'],
  'inventory.mark': ['Mark', 'Отметка', 'Белгі'],
  'inventory.found': ['found', 'в наличии', 'бар'],
  'inventory.missing': ['missing', 'отсутствует', 'жоқ'],
  'inventory.saved': ['saved', 'сохранено', 'сақталды'],
  'inventory.nothing': ['No copies to check.', 'Нет экземпляров для проверки.', 'Тексерілетін даналар жоқ.'],
  'inventory.other': ['Mark another copy', 'Отметить другой экземпляр', 'Басқа дананы белгілеу'],
  'inventory.mark.submit': ['Mark', 'Отметить', 'Белгілеу'],
  'inventory.marked': ['Marked.', 'Отмечено.', 'Белгіленді.'],
  'inventory.close': ['Close the inventory', 'Завершить проверку', 'Түгендеуді аяқтау'],
  'inventory.close.intro': ['Copies not marked found count as missing.', 'Экземпляры без отметки «в наличии» считаются отсутствующими.', '«Бар» деп белгіленбеген даналар жоқ деп есептеледі.'],
  'inventory.close.submit': ['Close and draw up the act', 'Завершить и составить акт', 'Аяқтау және акт жасау'],
  'inventory.act': ['Inventory act', 'Акт проверки наличия', 'Түгендеу актісі'],
  'inventory.checked': ['Copies checked', 'Проверено экземпляров', 'Тексерілген даналар'],
  'inventory.found_n': ['Copies found', 'Найдено экземпляров', 'Табылған даналар'],
  'inventory.discrepancies': ['Discrepancies', 'Расхождения', 'Сәйкессіздіктер'],
  'inventory.discrepancy': ['Discrepancy', 'Расхождение', 'Сәйкессіздік'],
  'inventory.no_discrepancies': ['No discrepancies.', 'Расхождений нет.', 'Сәйкессіздіктер жоқ.'],
  'inventory.incidents': ['Incidents opened:', 'Открыты инциденты:', 'Ашылған оқиғалар:'],
  'inventory.signed_by': ['Commission:', 'Комиссия:', 'Комиссия:'],
  'inventory.approved_by': ['Approved by the head:', 'Утверждаю, руководитель:', 'Бекітемін, басшы:'],

  // ---- persons and clearances
  'persons.title': ['Persons and clearances', 'Лица и допуски', 'Тұлғалар және рұқсаттар'],
  'persons.list': ['Persons', 'Лица', 'Тұлғалар'],
  'persons.add': ['Register a person', 'Зарегистрировать лицо', 'Тұлғаны тіркеу'],
  'persons.add.submit': ['Register', 'Зарегистрировать', 'Тіркеу'],
  'person.record': ['Person', 'Лицо', 'Тұлға'],
  'clearances.title': ['Clearances', 'Допуски', 'Рұқсаттар'],
  'clearances.none': ['No clearances.', 'Допусков нет.', 'Рұқсаттар жоқ.'],
  'clearance.form': ['Clearance of the form', 'Допуск по форме', 'Рұқсат нысаны'],
  'clearance.decision': ["Head's decision", 'Решение руководителя', 'Басшының шешімі'],
  'clearance.termination': ['Termination', 'Прекращение', 'Тоқтату'],
  'clearance.non_disclosure': ['Non-disclosure', 'Неразглашение', 'Жария етпеу'],
  'clearance.non_disclosure.continues': ['obligations continue (Art. 33.3)', 'обязательства сохраняются (ст. 33.3)', 'міндеттемелер сақталады (33.3-бап)'],
  'clearance.register': ['Register a clearance', 'Оформить допуск', 'Рұқсатты ресімдеу'],
  'clearance.register.submit': ['Start registration', 'Начать оформление', 'Ресімдеуді бастау'],
  'clearance.decide': ["Head's decision", 'Решение руководителя', 'Басшының шешімі'],
  'clearance.decide.submit': ['Decide', 'Принять решение', 'Шешім қабылдау'],
  'clearance.terminate': ['Terminate the clearance', 'Прекратить допуск', 'Рұқсатты тоқтату'],
  'clearance.terminate.submit': ['Terminate', 'Прекратить', 'Тоқтату'],
  'prereq.title': ['Prerequisites', 'Условия допуска', 'Рұқсат беру шарттары'],
  'prereq.commitment_on': ['Written non-disclosure commitment', 'Письменное обязательство о неразглашении', 'Жария етпеу туралы жазбаша міндеттеме'],
  'prereq.consent_restrictions_on': ['Consent to restrictions of rights', 'Согласие на ограничения прав', 'Құқықтарды шектеуге келісім'],
  'prereq.consent_verification_on': ['Consent to verification', 'Согласие на проверку', 'Тексеруге келісім'],
  'prereq.familiarized_on': ['Familiarization with the legislation', 'Ознакомление с законодательством', 'Заңнамамен танысу'],
  'prereq.verification': ['Verification passed', 'Проверка пройдена', 'Тексеруден өтті'],
  'prereq.decision': ["Head's decision", 'Решение руководителя', 'Басшының шешімі'],
  'prereq.done': ['done', 'выполнено', 'орындалды'],
  'prereq.missing': ['missing', 'не выполнено', 'орындалмаған'],
  'prereq.record': ['Record the prerequisites', 'Отметить условия', 'Шарттарды белгілеу'],
  'grounds.title': ['Grounds for refusal', 'Основания для отказа', 'Бас тарту негіздері'],
  'grounds.intro': ['Any ground recorded for the person refuses a clearance.', 'Любое записанное основание влечёт отказ в допуске.', 'Тұлғаға жазылған кез келген негіз рұқсаттан бас тартуға әкеледі.'],
  'grounds.in_force': ['In force', 'Действует', 'Күшінде'],
  'grounds.lifted': ['lifted on {date}', 'снято {date}', '{date} алынды'],
  'grounds.lift': ['Lift', 'Снять', 'Алу'],
  'grounds.none': ['No grounds recorded.', 'Оснований не записано.', 'Негіздер жазылмаған.'],
  'grounds.add': ['Record a ground', 'Записать основание', 'Негізді жазу'],
  'grounds.add.submit': ['Record', 'Записать', 'Жазу'],
  'trips.title': ['Trips abroad', 'Выезды за границу', 'Шетелге шығу'],
  'trips.intro': ['A person admitted travels abroad only with the head\'s approval.', 'Допущенное лицо выезжает за границу только с согласия руководителя.', 'Рұқсат етілген тұлға шетелге тек басшының келісімімен шығады.'],
  'trips.violation': ['Violation', 'Нарушение', 'Бұзушылық'],
  'trips.none': ['No trips.', 'Выездов нет.', 'Шетелге шығулар жоқ.'],
  'trips.add': ['Request a trip', 'Заявить выезд', 'Шығуды мәлімдеу'],
  'trips.add.submit': ['Request', 'Заявить', 'Мәлімдеу'],
  'trips.approve': ['Approve', 'Одобрить', 'Мақұлдау'],
  'trips.refuse': ['Refuse', 'Отказать', 'Бас тарту'],
  'trips.depart': ['Record departure', 'Отметить выезд', 'Кетуді белгілеу'],
  'violations.title': ['Violations', 'Нарушения', 'Бұзушылықтар'],
  'violations.none': ['No violations.', 'Нарушений нет.', 'Бұзушылықтар жоқ.'],

  // ---- organizations
  'orgs.title': ['Organizations and permits', 'Организации и разрешения', 'Ұйымдар және рұқсатнамалар'],
  'orgs.list': ['Organizations', 'Организации', 'Ұйымдар'],
  'orgs.add': ['Register an organization', 'Зарегистрировать организацию', 'Ұйымды тіркеу'],
  'orgs.add.submit': ['Register', 'Зарегистрировать', 'Тіркеу'],
  'org.record': ['Organization', 'Организация', 'Ұйым'],
  'permits.title': ['Permits for work with state secrets', 'Разрешения на работу со сведениями, составляющими государственные секреты', 'Мемлекеттік құпиялармен жұмыс істеуге рұқсатнамалар'],
  'permits.none': ['No permits.', 'Разрешений нет.', 'Рұқсатнамалар жоқ.'],
  'permits.add': ['Issue a permit', 'Выдать разрешение', 'Рұқсатнама беру'],
  'permits.add.submit': ['Issue', 'Выдать', 'Беру'],
  'permit.suspend': ['Suspend', 'Приостановить', 'Тоқтата тұру'],
  'permit.resume': ['Resume', 'Возобновить', 'Қайта бастау'],
  'permit.cancel': ['Cancel', 'Отозвать', 'Кері қайтару'],
  'certs.title': ['Protection means certificates', 'Сертификаты средств защиты', 'Қорғау құралдарының сертификаттары'],
  'certs.intro': ['Technical, cryptographic and software means.', 'Технические, криптографические и программные средства.', 'Техникалық, криптографиялық және бағдарламалық құралдар.'],
  'certs.none': ['No certificates.', 'Сертификатов нет.', 'Сертификаттар жоқ.'],
  'certs.add': ['Record a certificate', 'Записать сертификат', 'Сертификатты жазу'],
  'certs.add.submit': ['Record', 'Записать', 'Жазу'],
  'org.delegation': ['Delegation to a state archive', 'Передача полномочий государственному архиву', 'Мемлекеттік мұрағатқа өкілеттік беру'],
  'org.delegation.intro': ['The fund-forming organization delegates declassification of its archived carriers.', 'Фондообразователь передаёт полномочия по рассекречиванию сданных в архив носителей.', 'Қор құрушы ұйым мұрағатқа тапсырылған тасығыштарды құпиясыздандыру өкілеттігін береді.'],
  'org.delegation.submit': ['Delegate', 'Передать', 'Беру'],
  'org.liquidate': ['Liquidation', 'Ликвидация', 'Тарату'],
  'org.liquidate.intro': ['Refused while the organization holds carriers that are not destroyed, archived or transferred.', 'Отказывается, пока у организации есть носители, не уничтоженные, не сданные в архив и не переданные.', 'Ұйымда жойылмаған, мұрағатқа тапсырылмаған немесе табысталмаған тасығыштар болса, бас тартылады.'],
  'org.liquidate.submit': ['Liquidate', 'Ликвидировать', 'Тарату'],

  // ---- classification
  'cls.title': ['Classification', 'Засекречивание', 'Құпияландыру'],
  'cls.sections': ['Sections', 'Разделы', 'Бөлімдер'],
  'cls.information': ['Classified information', 'Засекреченные сведения', 'Құпияландырылған мәліметтер'],
  'cls.lists': ['Departmental lists', 'Ведомственные перечни', 'Ведомстволық тізбелер'],
  'cls.lists.intro': ['Lists of information to be classified, approved by the head and reviewed at least every five years.', 'Перечни сведений, подлежащих засекречиванию, утверждаются руководителем и пересматриваются не реже раза в пять лет.', 'Құпияландырылуға тиісті мәліметтер тізбелерін басшы бекітеді және кемінде бес жылда бір рет қайта қаралады.'],
  'cls.classifiers': ['Officials empowered to classify', 'Должностные лица, наделённые полномочиями по засекречиванию', 'Құпияландыру өкілеттігі берілген лауазымды адамдар'],
  'cls.catalog': ['Statutory catalogue', 'Перечень сведений по закону', 'Заң бойынша мәліметтер тізбесі'],
  'catalog.items': ['Information that may be classified (Art. 11-14)', 'Сведения, которые могут быть засекречены (ст. 11-14)', 'Құпияландырылуы мүмкін мәліметтер (11-14-баптар)'],
  'catalog.not_classifiable': ['Information that is never classified', 'Сведения, не подлежащие засекречиванию', 'Құпияландыруға жатпайтын мәліметтер'],
  'catalog.search': ['Search the catalogue', 'Поиск по перечню', 'Тізбеден іздеу'],
  'catalog.lang_note': ['The catalogue is shipped in Kazakh and English; English is shown.', 'Перечень поставляется на казахском и английском; показан английский текст.', 'Тізбе қазақ және ағылшын тілдерінде; ағылшын мәтіні көрсетілген.'],
  'catalog.ru_working': ['The Russian text is a working translation of the Law, not its official text.', 'Русский текст — рабочий перевод Закона, не его официальный текст.', 'Орыс тіліндегі мәтін — Заңның жұмыс аудармасы, ресми мәтіні емес.'],
  'info.none': ['No information items.', 'Сведений нет.', 'Мәліметтер жоқ.'],
  'info.preliminary': ['preliminary', 'предварительно', 'алдын ала'],
  'info.classify': ['Classify information', 'Засекретить сведения', 'Мәліметтерді құпияландыру'],
  'info.classify.submit': ['Classify', 'Засекретить', 'Құпияландыру'],
  'info.title': ['Information', 'Сведения', 'Мәліметтер'],
  'info.record': ['Information item', 'Сведения', 'Мәліметтер'],
  'info.decision': ['Decision', 'Решение', 'Шешім'],
  'info.review_required': ['Review required', 'Требуется пересмотр', 'Қайта қарау қажет'],
  'info.actions': ['Next steps', 'Следующие шаги', 'Келесі қадамдар'],
  'info.proposal.intro': ['A preliminary classification is proposed to the list approver within one month.', 'Предварительное засекречивание предлагается утверждающему перечень в течение месяца.', 'Алдын ала құпияландыру бір ай ішінде тізбені бекітушіге ұсынылады.'],
  'info.proposal.submit': ['Send the proposal', 'Направить предложение', 'Ұсынысты жіберу'],
  'info.pdecision': ['Decision on the preliminary classification', 'Решение по предварительному засекречиванию', 'Алдын ала құпияландыру бойынша шешім'],
  'info.pdecision.submit': ['Decide', 'Принять решение', 'Шешім қабылдау'],
  'info.extend': ['Extend the term', 'Продлить срок', 'Мерзімді ұзарту'],
  'info.extend.submit': ['Extend', 'Продлить', 'Ұзарту'],
  'info.declassify': ['Declassify', 'Рассекретить', 'Құпиясыздандыру'],
  'info.declassify.submit': ['Declassify', 'Рассекретить', 'Құпиясыздандыру'],
  'lists.none': ['No lists.', 'Перечней нет.', 'Тізбелер жоқ.'],
  'lists.add': ['Create a list', 'Создать перечень', 'Тізбе құру'],
  'lists.add.submit': ['Create', 'Создать', 'Құру'],
  'list.title': ['List', 'Перечень', 'Тізбе'],
  'list.record': ['List', 'Перечень', 'Тізбе'],
  'list.items': ['Items', 'Пункты', 'Тармақтар'],
  'list.no_items': ['No items.', 'Пунктов нет.', 'Тармақтар жоқ.'],
  'list.add_item': ['Add an item', 'Добавить пункт', 'Тармақ қосу'],
  'list.add_item.submit': ['Add', 'Добавить', 'Қосу'],
  'list.change_intro': ['The list is approved: a change records coordination with the authorized body and the national security authority (Art. 22.3).', 'Перечень утверждён: изменение требует согласования с уполномоченным органом и органом национальной безопасности (ст. 22.3).', 'Тізбе бекітілген: өзгеріс уәкілетті органмен және ұлттық қауіпсіздік органымен келісуді талап етеді (22.3-бап).'],
  'list.approval': ['Approval and review', 'Утверждение и пересмотр', 'Бекіту және қайта қарау'],
  'list.approval.intro': ['Approved lists are reviewed at least every five years.', 'Утверждённые перечни пересматриваются не реже раза в пять лет.', 'Бекітілген тізбелер кемінде бес жылда бір рет қайта қаралады.'],
  'list.approve': ['Approve the list', 'Утвердить перечень', 'Тізбені бекіту'],
  'list.review': ['Record a review', 'Отметить пересмотр', 'Қайта қарауды белгілеу'],
  'item.change': ['Change', 'Изменить', 'Өзгерту'],
  'item.change.submit': ['Apply the change', 'Внести изменение', 'Өзгерісті енгізу'],
  'item.new_degree': ['New degree', 'Новая степень', 'Жаңа дәреже'],
  'item.remove': ['Remove the item', 'Исключить пункт', 'Тармақты алып тастау'],
  'cascade.title': ['Cascade of the change', 'Последствия изменения', 'Өзгерістің салдары'],
  'cascade.intro': ['These records were classified on the item and must be declassified or relabelled; nothing changes silently.', 'Эти записи засекречены по пункту и подлежат рассекречиванию или изменению грифа; ничего не меняется молча.', 'Бұл жазбалар тармақ бойынша құпияландырылған және құпиясыздандырылуға немесе белгісі өзгертілуге тиіс; ештеңе үнсіз өзгермейді.'],
  'cascade.information': ['Information', 'Сведения', 'Мәліметтер'],
  'cascade.carriers': ['Carriers', 'Носители', 'Тасығыштар'],
  'classifiers.none': ['No classifying officials.', 'Нет должностных лиц.', 'Лауазымды адамдар жоқ.'],
  'classifiers.add': ['Empower an official', 'Наделить полномочиями', 'Өкілеттік беру'],
  'classifiers.add.submit': ['Empower', 'Наделить', 'Беру'],

  // ---- joint works and foreign transfers
  'jw.title': ['Joint works', 'Совместные работы', 'Бірлескен жұмыстар'],
  'jw.intro': ['Transfer of state secrets to an executor for joint and other work (Decree No. 743).', 'Передача государственных секретов исполнителю в связи с совместными и другими работами (Постановление № 743).', 'Бірлескен және басқа жұмыстарға байланысты мемлекеттік құпияларды орындаушыға беру (№ 743 қаулы).'],
  'jw.list': ['Joint works', 'Совместные работы', 'Бірлескен жұмыстар'],
  'jw.none': ['No joint works.', 'Совместных работ нет.', 'Бірлескен жұмыстар жоқ.'],
  'jw.list_unavailable': ['The list is not available on this server; open a record by its link.', 'Список на этом сервере недоступен; откройте запись по ссылке.', 'Бұл серверде тізім қолжетімсіз; жазбаны сілтеме арқылы ашыңыз.'],
  'jw.request': ['Request the permission', 'Запросить разрешение', 'Рұқсат сұрау'],
  'jw.request.intro': ['The request names the executor, the carriers with copies, the justification, the term and the executor\'s permit or clearance (Rules No. 743, p. 4).', 'В запросе указываются исполнитель, носители с экземплярами, обоснование, срок и лицензия или допуск исполнителя (Правила № 743, п. 4).', 'Сұрауда орындаушы, даналарымен тасығыштар, негіздеме, мерзім және орындаушының рұқсатнамасы немесе рұқсаты көрсетіледі (№ 743 Қағидалар, 4-тармақ).'],
  'jw.request.submit': ['Send the request', 'Направить запрос', 'Сұрауды жіберу'],
  'jw.one': ['Joint work', 'Совместная работа', 'Бірлескен жұмыс'],
  'jw.record': ['Request', 'Запрос', 'Сұрау'],
  'jw.timeline': ['Steps', 'Этапы', 'Кезеңдер'],
  'jw.next': ['Next step', 'Следующий шаг', 'Келесі қадам'],
  'jw.final': ['Finished: no further step.', 'Завершено: дальнейших шагов нет.', 'Аяқталды: келесі қадам жоқ.'],
  'jw.refused_final': ['The permission was refused', 'В разрешении отказано', 'Рұқсат беруден бас тартылды'],
  'jw.waiting_for': ['Waiting for:', 'Ожидается:', 'Күтілуде:'],
  'jw.violations': ['Violations by the executor', 'Нарушения исполнителя', 'Орындаушының бұзушылықтары'],
  'jw.cancellation_raised': ['Cancellation raised', 'Поставлен вопрос об отмене', 'Күшін жою мәселесі қойылды'],
  'jwstep.request': ['Request for permission', 'Запрос разрешения', 'Рұқсат сұрау'],
  'jwstep.permission': ['Written permission of the disposing body', 'Письменное разрешение распорядителя', 'Иелік етушінің жазбаша рұқсаты'],
  'jwstep.permission.submit': ['Record the decision', 'Записать решение', 'Шешімді жазу'],
  'jwstep.agreement': ['Agreement with the annex of carriers', 'Договор с приложением носителей', 'Тасығыштар қосымшасымен шарт'],
  'jwstep.agreement.submit': ['Record the agreement', 'Записать договор', 'Шартты жазу'],
  'jwstep.nsc_notice': ['Notice to the national security authority', 'Уведомление органа национальной безопасности', 'Ұлттық қауіпсіздік органына хабарлама'],
  'jwstep.nsc_notice.submit': ['Record the notice', 'Записать уведомление', 'Хабарламаны жазу'],
  'jwstep.transfer': ['Transfer of the carriers', 'Передача носителей', 'Тасығыштарды табыстау'],
  'jwstep.transfer.submit': ['Transfer', 'Передать', 'Табыстау'],
  'jwstep.violation': ['Violation by the executor', 'Нарушение исполнителем', 'Орындаушының бұзушылығы'],
  'jwstep.violation.submit': ['Record the violation', 'Записать нарушение', 'Бұзушылықты жазу'],
  'jwstep.resume': ['Resume the work', 'Возобновить работу', 'Жұмысты қайта бастау'],
  'jwstep.resume.submit': ['Resume', 'Возобновить', 'Қайта бастау'],
  'jwstep.cancel': ['Cancel the order', 'Отменить заказ', 'Тапсырысты жою'],
  'jwstep.cancel.submit': ['Cancel', 'Отменить', 'Жою'],
  'jwstep.close': ['Close: the carriers return to the customer', 'Завершение: носители возвращаются заказчику', 'Аяқтау: тасығыштар тапсырыс берушіге қайтарылады'],
  'jwstep.close.submit': ['Close the joint work', 'Завершить совместную работу', 'Бірлескен жұмысты аяқтау'],
  'step.done': ['done', 'выполнено', 'орындалды'],
  'step.refused': ['refused', 'отказано', 'бас тартылды'],
  'step.pending': ['not yet', 'ещё нет', 'әлі жоқ'],
  'ft.title': ['Transfers to foreign states', 'Передача иностранным государствам', 'Шет мемлекеттерге беру'],
  'ft.intro': ['A reasoned proposal, the expert opinion, the Government\'s decision and a contract, in this order.', 'Мотивированное предложение, экспертное заключение, решение Правительства и договор — именно в этом порядке.', 'Уәжді ұсыныс, сараптамалық қорытынды, Үкімет шешімі және шарт — осы ретпен.'],
  'ft.list': ['Transfers', 'Передачи', 'Берулер'],
  'ft.none': ['No transfers.', 'Передач нет.', 'Берулер жоқ.'],
  'ft.propose': ['Propose a transfer', 'Предложить передачу', 'Беруді ұсыну'],
  'ft.propose.submit': ['Propose', 'Предложить', 'Ұсыну'],
  'ft.one': ['Foreign transfer', 'Передача иностранной стороне', 'Шетелдік тарапқа беру'],
  'ft.record': ['Proposal', 'Предложение', 'Ұсыныс'],
  'ft.opinion_negative': ['The expert opinion is negative: a positive one is needed before the decision.', 'Заключение отрицательное: до решения нужно положительное.', 'Қорытынды теріс: шешімге дейін оң қорытынды қажет.'],
  'ftstep.proposal': ['Reasoned proposal agreed with the disposing bodies', 'Мотивированное предложение, согласованное с распорядителями', 'Иелік етушілермен келісілген уәжді ұсыныс'],
  'ftstep.expert_opinion': ['Expert opinion of the authorized body', 'Экспертное заключение уполномоченного органа', 'Уәкілетті органның сараптамалық қорытындысы'],
  'ftstep.expert_opinion.submit': ['Record the opinion', 'Записать заключение', 'Қорытындыны жазу'],
  'ftstep.government_decision': ["Government's decision", 'Решение Правительства', 'Үкімет шешімі'],
  'ftstep.government_decision.submit': ['Record the decision', 'Записать решение', 'Шешімді жазу'],
  'ftstep.contract': ['Contract with the receiving party', 'Договор с получающей стороной', 'Алушы тараппен шарт'],
  'ftstep.contract.submit': ['Record the contract', 'Записать договор', 'Шартты жазу'],
  'ftstep.transfer': ['Transfer', 'Передача', 'Табыстау'],
  'ftstep.transfer.submit': ['Transfer', 'Передать', 'Табыстау'],

  // ---- requests and incidents
  'req.title': ['Declassification requests', 'Запросы о рассекречивании', 'Құпиясыздандыру туралы сұраулар'],
  'req.intro': ['Answered with reasons within one month, or forwarded to the competent body with a notice to the requester.', 'Ответ с мотивами в течение месяца или направление в компетентный орган с уведомлением заявителя.', 'Бір ай ішінде уәжді жауап немесе өтініш берушіге хабарлай отырып құзыретті органға жолдау.'],
  'req.list': ['Requests', 'Запросы', 'Сұраулар'],
  'req.none': ['No requests.', 'Запросов нет.', 'Сұраулар жоқ.'],
  'req.add': ['Register a request', 'Зарегистрировать запрос', 'Сұрауды тіркеу'],
  'req.add.submit': ['Register', 'Зарегистрировать', 'Тіркеу'],
  'req.late': ['late', 'с опозданием', 'кешіктірілген'],
  'req.one': ['Request', 'Запрос', 'Сұрау'],
  'req.record': ['Request', 'Запрос', 'Сұрау'],
  'req.answer': ['Answer', 'Ответ', 'Жауап'],
  'req.answer.submit': ['Answer', 'Ответить', 'Жауап беру'],
  'req.forward': ['Forward to the competent body', 'Направить по компетенции', 'Құзыреті бойынша жолдау'],
  'req.forward.submit': ['Forward', 'Направить', 'Жолдау'],
  'inc.title': ['Incidents', 'Инциденты', 'Оқиғалар'],
  'inc.list': ['Incidents', 'Инциденты', 'Оқиғалар'],
  'inc.none': ['No incidents.', 'Инцидентов нет.', 'Оқиғалар жоқ.'],
  'inc.add': ['Record an incident', 'Записать инцидент', 'Оқиғаны жазу'],
  'inc.add.submit': ['Record', 'Записать', 'Жазу'],
  'inc.intro': ['A loss moves the carriers to "lost"; a confirmed incident terminates the clearances of the persons it names.', 'Утрата переводит носители в состояние «утрачен»; подтверждённый инцидент прекращает допуски названных лиц.', 'Жоғалту тасығыштарды «жоғалған» күйіне ауыстырады; расталған оқиға аталған тұлғалардың рұқсаттарын тоқтатады.'],

  // ---- audit
  'audit.title': ['Audit log', 'Журнал аудита', 'Аудит журналы'],
  'audit.intro': ['Every write and every access decision is an entry of a Merkle tree with signed heads.', 'Каждая запись и каждое решение о доступе — элемент дерева Меркла с подписанными вершинами.', 'Әрбір жазба және қолжетімділік туралы әрбір шешім қол қойылған төбелері бар Меркл ағашының элементі.'],
  'audit.head': ['Signed tree head', 'Подписанная вершина дерева', 'Қол қойылған ағаш төбесі'],
  'audit.size': ['Entries', 'Записей', 'Жазбалар'],
  'audit.root': ['Root hash', 'Корневой хеш', 'Түбір хеші'],
  'audit.timestamp': ['Signed at', 'Подписано', 'Қол қойылды'],
  'audit.public_key': ['Public key', 'Открытый ключ', 'Ашық кілт'],
  'audit.signature': ['Signature', 'Подпись', 'Қолтаңба'],
  'audit.sig.valid': ['signature valid (checked here)', 'подпись верна (проверено здесь)', 'қолтаңба дұрыс (осында тексерілді)'],
  'audit.sig.invalid': ['SIGNATURE INVALID', 'ПОДПИСЬ НЕВЕРНА', 'ҚОЛТАҢБА ДҰРЫС ЕМЕС'],
  'audit.sig.unsupported': ['this browser cannot check Ed25519', 'браузер не умеет проверять Ed25519', 'бұл браузер Ed25519 тексере алмайды'],
  'audit.verify.title': ['Check an entry', 'Проверить запись', 'Жазбаны тексеру'],
  'audit.verify.intro': ['The browser hashes the entry, folds the inclusion proof and compares with the signed root (RFC 9162).', 'Браузер хеширует запись, сворачивает доказательство включения и сравнивает с подписанным корнем (RFC 9162).', 'Браузер жазбаны хештейді, енгізу дәлелін жинақтайды және қол қойылған түбірмен салыстырады (RFC 9162).'],
  'audit.entry_no': ['Entry number', 'Номер записи', 'Жазба нөмірі'],
  'audit.check': ['Verify', 'Проверить', 'Тексеру'],
  'audit.verify': ['Verify inclusion', 'Проверить включение', 'Енгізуді тексеру'],
  'audit.included': ['Entry {seq} is included in the signed tree of {size} entries.', 'Запись {seq} входит в подписанное дерево из {size} записей.', '{seq} жазбасы {size} жазбадан тұратын қол қойылған ағашқа кіреді.'],
  'audit.not_included': ['Entry {seq} is NOT proven to be in the signed tree.', 'Включение записи {seq} в подписанное дерево НЕ доказано.', '{seq} жазбасының қол қойылған ағашқа кіретіні ДӘЛЕЛДЕНБЕДІ.'],
  'audit.leaf_ok': ['the leaf hash of the entry text matches', 'хеш листа совпадает с текстом записи', 'парақ хеші жазба мәтініне сәйкес'],
  'audit.path_len': ['{n} hashes on the path', 'хешей на пути: {n}', 'жолдағы хештер: {n}'],
  'audit.against_root': ['against the signed root', 'относительно подписанного корня', 'қол қойылған түбірге қатысты'],
  'audit.entry_text': ['Entry text', 'Текст записи', 'Жазба мәтіні'],
  'audit.no_entry': ['No such entry.', 'Такой записи нет.', 'Мұндай жазба жоқ.'],
  'audit.entries': ['Entries', 'Записи', 'Жазбалар'],
  'audit.seq': ['No.', '№', '№'],
  'audit.time': ['Time', 'Время', 'Уақыты'],
  'audit.action': ['Action', 'Действие', 'Әрекет'],
  'audit.object': ['Object', 'Объект', 'Нысан'],
  'audit.outcome': ['Outcome', 'Результат', 'Нәтижесі'],

  // ---- why?
  'why.title': ['Why? The access check', 'Почему? Проверка доступа', 'Неге? Қолжетімділікті тексеру'],
  'why.intro': ['Each rule of access to a carrier, in order, with its article.', 'Каждое правило доступа к носителю по порядку, со статьёй.', 'Тасығышқа қол жеткізудің әрбір ережесі ретімен, бабымен.'],
  'why.section': ['Person and carrier', 'Лицо и носитель', 'Тұлға және тасығыш'],
  'why.submit': ['Check', 'Проверить', 'Тексеру'],
  'why.allowed': ['Access allowed', 'Доступ разрешён', 'Қол жеткізуге рұқсат етілді'],
  'why.refused': ['Access refused', 'В доступе отказано', 'Қол жеткізуден бас тартылды'],
  'why.passed': ['passed', 'выполнено', 'орындалды'],
  'why.failed': ['not met', 'не выполнено', 'орындалмады'],

  // ---- users
  'users.title': ['Accounts', 'Учётные записи', 'Есептік жазбалар'],
  'users.list': ['Accounts', 'Учётные записи', 'Есептік жазбалар'],
  'users.add': ['Create an account', 'Создать учётную запись', 'Есептік жазба құру'],
  'users.add.submit': ['Create', 'Создать', 'Құру'],
};

export const DICT = D;
